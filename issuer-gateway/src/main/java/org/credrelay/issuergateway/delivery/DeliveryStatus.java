package org.credrelay.issuergateway.delivery;

/** Where a delivery stands. */
public enum DeliveryStatus {
  /**
   * In the outbox; the worker sends it (and retries with backoff until the connector acknowledges).
   */
  ACCEPTED,
  /** The connection is not VERIFIED yet; sent as soon as the holder's handshake succeeds. */
  WAITING_FOR_HANDSHAKE,
  /** The connector acknowledged it (stored for the holder). */
  SENT,
  /** It will never be sent; {@code failureReason} says why. */
  FAILED;

  public boolean finished() {
    return this == SENT || this == FAILED;
  }
}
