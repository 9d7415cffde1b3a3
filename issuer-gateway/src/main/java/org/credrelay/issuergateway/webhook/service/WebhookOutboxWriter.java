package org.credrelay.issuergateway.webhook.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.connection.service.ConnectionStateChangedEvent;
import org.credrelay.issuergateway.delivery.DeliveriesAcceptedEvent;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.DeliveryStateChangedEvent;
import org.credrelay.issuergateway.webhook.WebhookEventType;
import org.credrelay.issuergateway.webhook.WebhookPayload;
import org.credrelay.issuergateway.webhook.WebhookPayload.ConnectionEventData;
import org.credrelay.issuergateway.webhook.WebhookPayload.DeliveryEventData;
import org.credrelay.issuergateway.webhook.store.WebhookEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns delivery and connection changes into webhook outbox rows. A plain {@code @EventListener}:
 * it runs inside the publisher's transaction, so the row commits (or rolls back) with the change
 * itself; a change that is not committed is never reported, and a committed one always is. Only
 * deliveries the portal asked for (credential kinds) are reported; handshake messages and key
 * rotation announcements are the gateway's own business.
 */
@Component
class WebhookOutboxWriter {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookOutboxWriter.class);

  private final WebhookEventStore events;
  private final ConnectionManager connections;
  private final JsonMapper json;
  private final Clock clock;

  WebhookOutboxWriter(
      WebhookEventStore events, ConnectionManager connections, JsonMapper json, Clock clock) {
    this.events = events;
    this.connections = connections;
    this.json = json;
    this.clock = clock;
  }

  @EventListener
  void onDeliveryStateChanged(DeliveryStateChangedEvent event) {
    if (!portalVisible(event.kind())) {
      return;
    }
    Optional<WebhookEventType> type = WebhookEventType.fromWireName(event.event());
    if (type.isEmpty()) {
      LOG.warn("delivery event {} has no webhook event type; not reported", event.event());
      return;
    }
    write(
        event.tenantId(), type.get(), event.deliveryId(), deliveryData(event), event.occurredAt());
  }

  /** The deliveries of one issuing request: their outbox rows in one statement. */
  @EventListener
  void onDeliveriesAccepted(DeliveriesAcceptedEvent event) {
    Map<UUID, List<DeliveryStateChangedEvent>> byTenant = new LinkedHashMap<>();
    for (DeliveryStateChangedEvent change : event.changes()) {
      if (portalVisible(change.kind())) {
        byTenant.computeIfAbsent(change.tenantId(), tenant -> new ArrayList<>()).add(change);
      }
    }
    byTenant.forEach(
        (tenantId, changes) -> {
          List<UUID> subjects = new ArrayList<>(changes.size());
          List<String> payloads = new ArrayList<>(changes.size());
          for (DeliveryStateChangedEvent change : changes) {
            subjects.add(change.deliveryId());
            payloads.add(payload(WebhookEventType.DELIVERY_ACCEPTED, deliveryData(change), change));
          }
          events.insertForSubscribers(
              tenantId,
              WebhookEventType.DELIVERY_ACCEPTED.wireName(),
              subjects,
              payloads,
              clock.instant());
        });
  }

  private String payload(WebhookEventType type, Object data, DeliveryStateChangedEvent change) {
    return json.writeValueAsString(
        new WebhookPayload(type.wireName(), change.occurredAt().toString(), data));
  }

  private static DeliveryEventData deliveryData(DeliveryStateChangedEvent event) {
    return new DeliveryEventData(
        event.tenantId().toString(),
        event.deliveryId().toString(),
        event.connectionId().toString(),
        event.kind().name(),
        event.status().name(),
        event.reasonCode());
  }

  @EventListener
  void onConnectionStateChanged(ConnectionStateChangedEvent event) {
    Optional<Connection> connection = connections.byId(event.connectionId());
    if (connection.isEmpty()) {
      return;
    }
    WebhookEventType type =
        event.handshakeRefusal() != null
            ? WebhookEventType.CONNECTION_HANDSHAKE_REFUSED
            : typeOf(event.state());
    String reason =
        event.handshakeRefusal() != null
            ? event.handshakeRefusal()
            : event.state().closed() ? connection.get().lastFailure() : null;
    ConnectionEventData data =
        new ConnectionEventData(
            connection.get().tenantId().toString(),
            event.connectionId().toString(),
            event.state().name(),
            reason);
    write(connection.get().tenantId(), type, event.connectionId(), data, clock.instant());
  }

  private void write(
      UUID tenantId, WebhookEventType type, UUID subjectId, Object data, java.time.Instant at) {
    String payload =
        json.writeValueAsString(new WebhookPayload(type.wireName(), at.toString(), data));
    events.insertForSubscribers(tenantId, type.wireName(), subjectId, payload, clock.instant());
  }

  private static boolean portalVisible(DeliveryKind kind) {
    return kind.name().startsWith("CREDENTIAL");
  }

  private static WebhookEventType typeOf(ConnectionState state) {
    return switch (state) {
      case INVITED -> WebhookEventType.CONNECTION_INVITED;
      case ACCEPTED -> WebhookEventType.CONNECTION_ACCEPTED;
      case VERIFIED -> WebhookEventType.CONNECTION_VERIFIED;
      case KEY_MISMATCH, KEY_HISTORY_INVALID -> WebhookEventType.CONNECTION_KEY_MISMATCH;
      case EXPIRED -> WebhookEventType.CONNECTION_EXPIRED;
      case REVOKED -> WebhookEventType.CONNECTION_REVOKED;
    };
  }
}
