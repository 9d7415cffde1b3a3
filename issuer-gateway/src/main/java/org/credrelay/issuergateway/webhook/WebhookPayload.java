package org.credrelay.issuergateway.webhook;

/**
 * The JSON body of a webhook request (Standard Webhooks shape).
 *
 * @param type the event type, e.g. {@code delivery.sent}
 * @param timestamp when the change happened (ISO-8601 UTC), not when it was posted
 * @param data a {@link DeliveryEventData} or {@link ConnectionEventData}
 */
public record WebhookPayload(String type, String timestamp, Object data) {

  /**
   * What a delivery event carries: ids and states, never credential content.
   *
   * @param status the delivery's status after the change
   * @param reasonCode stable code of a failure or expiry, or null
   */
  public record DeliveryEventData(
      String tenantId,
      String deliveryId,
      String connectionId,
      String kind,
      String status,
      String reasonCode) {}

  /**
   * What a connection event carries.
   *
   * @param state the connection's state after the change
   * @param reason why it was closed, or the refusal code of a handshake_refused event, or null
   */
  public record ConnectionEventData(
      String tenantId, String connectionId, String state, String reason) {}
}
