package org.credrelay.issuergateway.delivery.service;

import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connectorclient.OutgoingMessage;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.tenant.IssuerIdentity;

/**
 * What the seal stage hands to the send stage: a claimed delivery that passed its checks, with the
 * exact bytes to send (stored before the first send, so retries repeat them).
 *
 * @param sealedToKeyId the pinned holder key the bytes were sealed to in this attempt, so they
 *     still have to be stored; null if they were stored (or queued) already
 */
public record SealedDelivery(
    ClaimedDelivery delivery,
    Connection connection,
    IssuerIdentity issuer,
    byte[] message,
    String sealedToKeyId) {

  /** Bytes stored (or queued) before this attempt. */
  public SealedDelivery(
      ClaimedDelivery delivery, Connection connection, IssuerIdentity issuer, byte[] message) {
    this(delivery, connection, issuer, message, null);
  }

  /** Sealed in this attempt: the bytes must be stored before they are sent. */
  boolean newlySealed() {
    return sealedToKeyId != null;
  }

  /**
   * The connector entry; the delivery id is the client message id that makes repeats idempotent.
   */
  OutgoingMessage toConnector() {
    return new OutgoingMessage(
        connection.connectorConnectionId(), message, delivery.id().toString());
  }

  @Override
  public String toString() {
    return "SealedDelivery[" + delivery + "]";
  }
}
