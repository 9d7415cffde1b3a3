package org.credrelay.issuergateway.delivery;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a delivery FAILED or EXPIRED, or why its last attempt did not succeed: the stable,
 * machine-readable code beside the free-text reason (REST {@code failureCode}, webhook {@code
 * reasonCode}). Portals branch on the code, never on the text. The one list of codes: a feature
 * that needs another adds a constant here (and to the table in docs/ISSUER-GATEWAY.md).
 */
public enum DeliveryFailureCode {
  // End states.
  /** EXPIRED: the deadline passed before the connector acknowledged the delivery. */
  DEADLINE_PASSED(true),
  /** FAILED: the connection was revoked (at the gateway, or the connector's CONNECTION_REVOKED). */
  CONNECTION_REVOKED(true),
  /** FAILED: the connection expired at the gateway. */
  CONNECTION_EXPIRED(true),
  /** FAILED: the connector's CONNECTION_NOT_CONNECTED (its connection is INVITED or EXPIRED). */
  CONNECTION_NOT_CONNECTED(true),
  /** FAILED: the connector's CONNECTION_NOT_FOUND. */
  CONNECTION_NOT_FOUND(true),
  /** FAILED: a delivered holder key disagreed with the pinned one; the connection is closed. */
  KEY_MISMATCH(true),
  /** FAILED: the key registry served an invalid key history of the holder; connection closed. */
  KEY_HISTORY_INVALID(true),
  /**
   * FAILED: the key registry lists the pinned holder key as no longer ACTIVE (revoked, rotated).
   */
  HOLDER_KEY_NOT_ACTIVE(true),
  /** FAILED: the connector's RECIPIENT_KEY_NOT_ACTIVE (the holder key it was sealed to). */
  RECIPIENT_KEY_NOT_ACTIVE(true),
  /** FAILED: the credential could not be sealed to the pinned holder key. */
  SEAL_FAILED(true),
  /** FAILED: the connector refused the message for another reason (named in the text). */
  CONNECTOR_REFUSED(true),
  /** FAILED: the key registry refused the pinned-key lookup. */
  KEY_REGISTRY_REFUSED(true),

  // Last error of a delivery that is still tried.
  /** The connector was unreachable or overloaded; retried with backoff until the deadline. */
  CONNECTOR_UNAVAILABLE(false),
  /** The key registry was unreachable; retried with backoff until the deadline. */
  KEY_REGISTRY_UNAVAILABLE(false),
  /** An unexpected error in the gateway (logged); retried with backoff until the deadline. */
  INTERNAL_ERROR(false),
  /** WAITING_FOR_HANDSHAKE: the holder has not completed the handshake yet. */
  AWAITING_HANDSHAKE(false),
  /** Waits until an earlier message of the connection (reply, key announcement) is delivered. */
  AWAITING_EARLIER_MESSAGE(false);

  private final boolean endsDelivery;

  DeliveryFailureCode(boolean finalCode) {
    this.endsDelivery = finalCode;
  }

  /** True for the codes of an end state (FAILED, EXPIRED); false for a retried attempt's error. */
  public boolean endsDelivery() {
    return endsDelivery;
  }

  /** The code named like the connector's refusal reason {@code reason}, if there is one. */
  public static Optional<DeliveryFailureCode> ofConnectorReason(String reason) {
    return Arrays.stream(values())
        .filter(code -> code.endsDelivery() && code.name().equals(reason))
        .findFirst();
  }
}
