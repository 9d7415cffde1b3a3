package org.credrelay.issuergateway.error;

import org.springframework.http.HttpStatus;

/** The gateway's refusals and their HTTP status (docs/ISSUER-GATEWAY.md, error table). */
public enum ErrorCode {
  INVALID_REQUEST(HttpStatus.BAD_REQUEST),
  INVALID_CREDENTIAL(HttpStatus.BAD_REQUEST),
  UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
  FORBIDDEN(HttpStatus.FORBIDDEN),
  NOT_FOUND(HttpStatus.NOT_FOUND),
  CONFLICT(HttpStatus.CONFLICT),
  /** Revocation of a credential that was never delivered to the holder (its delivery not SENT). */
  CREDENTIAL_NOT_DELIVERED(HttpStatus.CONFLICT),
  GONE(HttpStatus.GONE),
  /** A FAILED or EXPIRED delivery's credential is no longer held: post it again to resend it. */
  CONTENT_ERASED(HttpStatus.GONE),
  REQUEST_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
  REQUEST_HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
  RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
  IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT),
  UPSTREAM_REFUSED(HttpStatus.BAD_GATEWAY),
  UPSTREAM_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
  UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
  INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR);

  private final HttpStatus status;

  ErrorCode(HttpStatus status) {
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }
}
