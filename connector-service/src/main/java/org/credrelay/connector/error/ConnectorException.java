package org.credrelay.connector.error;

import java.util.Objects;

/**
 * A refusal with a reason that is safe to show to the caller. The message never contains message
 * content, keys' private parts or stack traces; {@link GrpcErrorMapper} turns it into a status.
 */
public class ConnectorException extends RuntimeException {

  private final ErrorKind kind;

  public ConnectorException(ErrorKind kind, String message) {
    super(message, null, false, false);
    this.kind = Objects.requireNonNull(kind);
  }

  public ConnectorException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = Objects.requireNonNull(kind);
  }

  public ErrorKind kind() {
    return kind;
  }

  public static ConnectorException invalid(String message) {
    return new ConnectorException(ErrorKind.INVALID_ARGUMENT, message);
  }

  public static ConnectorException unauthenticated(String message) {
    return new ConnectorException(ErrorKind.UNAUTHENTICATED, message);
  }

  public static ConnectorException denied(String message) {
    return new ConnectorException(ErrorKind.PERMISSION_DENIED, message);
  }

  public static ConnectorException notFound(String message) {
    return new ConnectorException(ErrorKind.NOT_FOUND, message);
  }

  public static ConnectorException precondition(String message) {
    return new ConnectorException(ErrorKind.FAILED_PRECONDITION, message);
  }

  public static ConnectorException exists(String message) {
    return new ConnectorException(ErrorKind.ALREADY_EXISTS, message);
  }

  public static ConnectorException tooLarge(String message) {
    return new ConnectorException(ErrorKind.RESOURCE_EXHAUSTED, message);
  }

  public static ConnectorException unavailable(String message) {
    return new ConnectorException(ErrorKind.UNAVAILABLE, message);
  }

  /** The same refusal with a prefix, e.g. the entry index of a batch. */
  public ConnectorException prefixed(String prefix) {
    return new ConnectorException(kind, prefix + getMessage(), getCause());
  }
}
