package org.credrelay.wallet.sdk;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.credrelay.wallet.store.StoreException;

/** The one place where connector statuses and store failures become {@link WalletException}s. */
final class Errors {

  private Errors() {}

  /**
   * @param action what the wallet was doing, e.g. "accepting the invitation"
   * @param target the connector's address, for the message
   */
  static WalletException connector(StatusRuntimeException e, String action, String target) {
    Status status = e.getStatus();
    String description = status.getDescription() == null ? "" : status.getDescription();
    if (status.getCode() == Status.Code.UNAVAILABLE && tlsFailure(status) != null) {
      return new WalletException(
          WalletException.Reason.CONNECTOR_UNAVAILABLE,
          "TLS handshake with the connector at "
              + target
              + " failed ("
              + tlsFailure(status)
              + "); if that connector serves plaintext (a local suite), pass --insecure-plaintext"
              + " (SDK: insecurePlaintext()); if it uses a private CA, pass --ca-file",
          e);
    }
    return switch (status.getCode()) {
      case UNAVAILABLE ->
          new WalletException(
              WalletException.Reason.CONNECTOR_UNAVAILABLE,
              "cannot reach connector at " + target + " (" + unavailableDetail(status) + ")",
              e);
      case RESOURCE_EXHAUSTED ->
          new WalletException(
              WalletException.Reason.CONNECTOR_REFUSED,
              "connector refused "
                  + action
                  + ": RESOURCE_EXHAUSTED: "
                  + description
                  + " (a single "
                  + "message larger than the wallet accepts? see maxInboundMessageBytes)",
              e);
      case DEADLINE_EXCEEDED ->
          new WalletException(
              WalletException.Reason.CONNECTOR_UNAVAILABLE,
              "connector at " + target + " did not answer in time while " + action,
              e);
      case UNAUTHENTICATED ->
          new WalletException(
              WalletException.Reason.CONNECTOR_REFUSED,
              "connector at "
                  + target
                  + " did not accept the wallet's signature while "
                  + action
                  + ": "
                  + description
                  + " (is the system clock right?)",
              e);
      default ->
          new WalletException(
              WalletException.Reason.CONNECTOR_REFUSED,
              "connector refused " + action + ": " + status.getCode() + ": " + description,
              e);
    };
  }

  static WalletException store(StoreException e) {
    WalletException.Reason reason =
        switch (e.reason()) {
          case NOT_FOUND -> WalletException.Reason.NOT_INITIALIZED;
          case ALREADY_EXISTS -> WalletException.Reason.ALREADY_INITIALIZED;
          case WRONG_PASSPHRASE -> WalletException.Reason.WRONG_PASSPHRASE;
          case UNREADABLE -> WalletException.Reason.UNREADABLE;
          case LOCKED -> WalletException.Reason.LOCKED;
          case IO -> WalletException.Reason.STORAGE;
        };
    return new WalletException(reason, e.getMessage(), e);
  }

  /** One line for the user: the code and the deepest cause's message. */
  static String describe(Status status) {
    String tls = tlsFailure(status);
    return status.getCode()
        + ": "
        + (tls != null ? "TLS handshake failed: " + tls : unavailableDetail(status));
  }

  /** The message of an SSL exception behind the status, or null. */
  private static String tlsFailure(Status status) {
    for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException) {
        return String.valueOf(t.getMessage());
      }
    }
    return null;
  }

  private static String unavailableDetail(Status status) {
    Throwable cause = status.getCause();
    while (cause != null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause != null && cause.getMessage() != null) {
      return cause.getMessage();
    }
    return status.getDescription() == null ? "UNAVAILABLE" : status.getDescription();
  }
}
