package org.credrelay.issuergateway.error;

/**
 * A refusal with a code (HTTP status) and a detail for the client. The detail must never contain
 * secrets, credential content or internals; it is shown as is.
 */
public class GatewayException extends RuntimeException {

  private final ErrorCode code;

  public GatewayException(ErrorCode code, String detail) {
    super(detail);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static GatewayException notFound(String what) {
    return new GatewayException(ErrorCode.NOT_FOUND, what + " not found");
  }

  public static GatewayException conflict(String detail) {
    return new GatewayException(ErrorCode.CONFLICT, detail);
  }

  public static GatewayException invalid(String detail) {
    return new GatewayException(ErrorCode.INVALID_REQUEST, detail);
  }
}
