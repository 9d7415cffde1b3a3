package org.credrelay.issuergateway.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The event types a webhook endpoint can subscribe to; {@link #wireName()} is the {@code type}. */
public enum WebhookEventType {
  DELIVERY_ACCEPTED("delivery.accepted"),
  DELIVERY_SENT("delivery.sent"),
  DELIVERY_DELIVERED("delivery.delivered"),
  DELIVERY_FAILED("delivery.failed"),
  DELIVERY_EXPIRED("delivery.expired"),
  CONNECTION_INVITED("connection.invited"),
  CONNECTION_ACCEPTED("connection.accepted"),
  CONNECTION_VERIFIED("connection.verified"),
  CONNECTION_KEY_MISMATCH("connection.key_mismatch"),
  CONNECTION_HANDSHAKE_REFUSED("connection.handshake_refused"),
  CONNECTION_REVOKED("connection.revoked"),
  CONNECTION_EXPIRED("connection.expired");

  private final String wireName;

  WebhookEventType(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case dotted name posted as {@code type} and used in filters. */
  public String wireName() {
    return wireName;
  }

  public static Optional<WebhookEventType> fromWireName(String name) {
    return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
  }
}
