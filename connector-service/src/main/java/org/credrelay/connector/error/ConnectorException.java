package org.credrelay.connector.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A refusal with a {@link ErrorReason} and a message that is safe to show to the caller. The
 * message never contains message content, keys' private parts or stack traces; clients branch on
 * the reason, the message is for people. {@link GrpcErrorMapper} turns it into a status.
 */
public class ConnectorException extends RuntimeException {

  private final ErrorReason reason;
  private final Integer entry;
  private final Duration retryAfter;

  public ConnectorException(ErrorReason reason, String message) {
    this(reason, message, null);
  }

  public ConnectorException(ErrorReason reason, String message, Throwable cause) {
    this(reason, message, cause, null, null);
  }

  private ConnectorException(
      ErrorReason reason, String message, Throwable cause, Integer entry, Duration retryAfter) {
    super(message, cause, false, false);
    this.reason = Objects.requireNonNull(reason);
    this.entry = entry;
    this.retryAfter = retryAfter;
  }

  /** A refusal whose RetryInfo suggests {@code retryAfter} instead of the default delay. */
  public static ConnectorException retryAfter(
      ErrorReason reason, String message, Duration retryAfter) {
    return new ConnectorException(reason, message, null, null, Objects.requireNonNull(retryAfter));
  }

  /** The delay the RetryInfo suggests, if this refusal names one. */
  public Optional<Duration> retryDelay() {
    return Optional.ofNullable(retryAfter);
  }

  public ErrorReason reason() {
    return reason;
  }

  /** The index of the refused entry of a batch request (ErrorInfo metadata "entry"), or empty. */
  public Optional<Integer> entry() {
    return Optional.ofNullable(entry);
  }

  /** A request that is not the RPC's request message (request authentication). */
  public static ConnectorException invalid(String message) {
    return new ConnectorException(ErrorReason.MALFORMED_REQUEST, message);
  }

  /** A request signature that is missing or refused (request authentication). */
  public static ConnectorException unauthenticated(String message) {
    return new ConnectorException(ErrorReason.REQUEST_NOT_AUTHENTICATED, message);
  }

  /** The same refusal for entry {@code index} of a batch request ({@code messages[index]}). */
  public ConnectorException forEntry(int index) {
    return new ConnectorException(
        reason, "messages[" + index + "]: " + getMessage(), getCause(), index, retryAfter);
  }
}
