package org.credrelay.connector.error;

/**
 * Why a request was refused. Each kind maps to exactly one gRPC status code in
 * {@link GrpcErrorMapper}; the table is in {@code connector-service/README.md}.
 */
public enum ErrorKind {
  /** Malformed input: bad token, DID, JWK, protobuf, page size, unknown cursor. */
  INVALID_ARGUMENT,
  /** Missing, malformed, stale, replayed or wrongly signed request metadata. */
  UNAUTHENTICATED,
  /** Authenticated, but not the caller's connection, token or message. */
  PERMISSION_DENIED,
  /** Unknown token or connection. */
  NOT_FOUND,
  /** State forbids it: token used/expired, connection not CONNECTED, message kind or key refused. */
  FAILED_PRECONDITION,
  /** Already exists with other content (participant, client message id). */
  ALREADY_EXISTS,
  /** Too large or too many. */
  RESOURCE_EXHAUSTED,
  /** A dependency (key registry) is unreachable or the server is shutting down: retry later. */
  UNAVAILABLE
}
