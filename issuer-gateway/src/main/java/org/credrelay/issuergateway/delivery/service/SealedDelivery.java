package org.credrelay.issuergateway.delivery.service;

import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connectorclient.OutgoingMessage;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.tenant.IssuerIdentity;

/**
 * What the seal stage hands to the send stage: a claimed delivery that passed its checks, with the
 * exact bytes to send (stored before the first send, so retries repeat them).
 */
public record SealedDelivery(
    ClaimedDelivery delivery, Connection connection, IssuerIdentity issuer, byte[] message) {

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
