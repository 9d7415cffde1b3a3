package org.credrelay.issuergateway.delivery;

/** Where a delivery stands. */
public enum DeliveryStatus {
  /**
   * In the outbox; the worker sends it (and retries with backoff until the connector acknowledges).
   */
  ACCEPTED,
  /** The connection is not VERIFIED yet; sent as soon as the holder's handshake succeeds. */
  WAITING_FOR_HANDSHAKE,
  /**
   * The connector acknowledged it (stored for the holder). Final unless the holder's wallet sends a
   * receipt (it then becomes DELIVERED); a wallet that sends none leaves it SENT.
   */
  SENT,
  /**
   * SENT, and the holder's wallet reported in a receipt sealed with the pinned holder key that it
   * saved the credential (docs/PROTOCOL.md "Delivery receipts"); {@code deliveredAt} says when the
   * receipt arrived. Credentials only.
   */
  DELIVERED,
  /**
   * It will never be sent: refused for good (the connection or the holder key was revoked, a key
   * mismatch, ...); {@code failureCode} and {@code failureReason} say why.
   */
  FAILED,
  /**
   * Its deadline passed before the connector acknowledged it (for example the connector was
   * unreachable all that time); never sent. {@code failureCode} is DEADLINE_PASSED and {@code
   * failureReason} names the last error.
   */
  EXPIRED;

  public boolean finished() {
    return this == SENT || this == DELIVERED || this == FAILED || this == EXPIRED;
  }

  /** SENT or DELIVERED: the connector stored it for the holder. */
  public boolean handedOver() {
    return this == SENT || this == DELIVERED;
  }

  /** FAILED and EXPIRED deliveries may be re-issued ({@code POST /deliveries/{id}/resend}). */
  public boolean resendable() {
    return this == FAILED || this == EXPIRED;
  }
}
