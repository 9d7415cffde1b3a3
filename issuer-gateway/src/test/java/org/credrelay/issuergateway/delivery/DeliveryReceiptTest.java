package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.testing.DeliveryEventLog;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.issuergateway.testing.WebhookReceiver;
import org.credrelay.issuergateway.webhook.service.WebhookDispatcher;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.DeliveryReceipt;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Delivery receipts at the gateway (PROTOCOL.md §5.14): a receipt sealed by the pinned holder key
 * on the delivery's connection moves a SENT credential delivery to DELIVERED and posts {@code
 * delivery.delivered}; a receipt the relay could have made (another sender key) or naming another
 * connection's delivery changes nothing.
 */
class DeliveryReceiptTest extends GatewayIntegrationTest {

  @Autowired WebhookDispatcher dispatcher;
  @Autowired DeliveryEventLog events;
  @Autowired MeterRegistry meters;
  @Autowired DataSource dataSource;

  private final List<WebhookReceiver> receivers = new ArrayList<>();

  @AfterEach
  void closeReceivers() {
    receivers.forEach(WebhookReceiver::close);
  }

  @Test
  void receiptSealedByThePinnedHolderKey_makesTheDeliveryDelivered_andPostsTheWebhook()
      throws Exception {
    TestTenant tenant = createTenant("Receipted Issuer");
    WebhookReceiver receiver = new WebhookReceiver();
    receivers.add(receiver);
    register(tenant, receiver.url());
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String deliveryId = issueCredential(tenant, connectionId, "Receipted");
    drainOutbox();
    assertThat(deliveryStatus(tenant, deliveryId).get("status").stringValue()).isEqualTo("SENT");

    awaitProcessed(sendReceipt(tenant, holder, holder.communicationKey(), deliveryId));

    JsonNode delivered = deliveryStatus(tenant, deliveryId);
    assertThat(delivered.get("status").stringValue()).isEqualTo("DELIVERED");
    assertThat(delivered.get("deliveredAt").isNull()).isFalse();
    assertThat(delivered.get("failureCode").isNull()).isTrue();
    drainWebhooks();
    assertThat(types(receiver, deliveryId))
        .containsExactly("delivery.accepted", "delivery.sent", "delivery.delivered");

    // A repeated receipt (the wallet sent it again) is a duplicate: nothing more happens.
    awaitProcessed(sendReceipt(tenant, holder, holder.communicationKey(), deliveryId));
    assertThat(events.of(UUID.fromString(deliveryId)))
        .extracting(recorded -> recorded.event().event())
        .containsExactly("delivery.accepted", "delivery.sent", "delivery.delivered");
    assertThat(counted("duplicate")).isPositive();
    JsonNode counts = getJson("/api/v1/deliveries/counts", tenant.apiKey());
    assertThat(counts.get("counts").get("DELIVERED").asLong()).isEqualTo(1);
    assertThat(counts.get("counts").get("SENT").asLong()).isZero();
  }

  @Test
  void receiptNotSealedByThePinnedHolderKey_isRefused_theDeliveryStaysSent() throws Exception {
    TestTenant tenant = createTenant("Forged Receipt Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String deliveryId = issueCredential(tenant, connectionId, "Forged");
    drainOutbox();

    // What the relay could make: a well-formed receipt, sealed by a key of its own.
    awaitProcessed(sendReceipt(tenant, holder, Keys.generate(KeyCurve.X25519), deliveryId));

    assertThat(deliveryStatus(tenant, deliveryId).get("status").stringValue()).isEqualTo("SENT");
    assertThat(connections.get(connectionId).orElseThrow().lastFailure())
        .startsWith("UNEXPECTED_SENDER");
    assertThat(connections.get(connectionId).orElseThrow().state())
        .isEqualTo(ConnectionState.VERIFIED);
  }

  @Test
  void receiptNamingAnotherConnectionsDelivery_isIgnored_andCounted() throws Exception {
    TestTenant tenant = createTenant("Two Holders Co");
    TestHolder alice = verifiedHolder(tenant);
    TestHolder bob = verifiedHolder(tenant);
    String bobsDelivery = issueCredential(tenant, gatewayConnectionId(tenant, bob), "Bob");
    drainOutbox();
    double before = counted("refused");

    awaitProcessed(
        sendReceipt(tenant, alice, alice.communicationKey(), bobsDelivery, "no-such-delivery"));

    assertThat(deliveryStatus(tenant, bobsDelivery).get("status").stringValue()).isEqualTo("SENT");
    assertThat(counted("refused") - before).isEqualTo(2.0);
    assertThat(events.of(UUID.fromString(bobsDelivery)))
        .extracting(recorded -> recorded.event().event())
        .doesNotContain("delivery.delivered");
  }

  @Test
  void receiptBeforeTheConnectorsAcknowledgementIsRecorded_theDeliveryIsDeliveredRightAfterSent()
      throws Exception {
    TestTenant tenant = createTenant("Fast Wallet Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String deliveryId = issueCredential(tenant, connectionId, "Early");

    awaitProcessed(sendReceipt(tenant, holder, holder.communicationKey(), deliveryId));
    assertThat(deliveryStatus(tenant, deliveryId).get("status").stringValue())
        .isEqualTo("ACCEPTED");
    drainOutbox();

    assertThat(deliveryStatus(tenant, deliveryId).get("status").stringValue())
        .isEqualTo("DELIVERED");
    assertThat(events.of(UUID.fromString(deliveryId)))
        .extracting(recorded -> recorded.event().event())
        .containsExactly("delivery.accepted", "delivery.sent", "delivery.delivered");
  }

  /**
   * The race behind the e2e benchmark's "names N message id(s) that are no deliveries of this
   * connection" warnings: the wallet's receipt arrives while the worker's transaction that marks
   * the delivery SENT is still open. The receipt waits for that transaction's row lock and must
   * then take the delivery as SENT (DELIVERED), not refuse it.
   */
  @Test
  void receiptArrivingWhileTheSentTransactionIsOpen_makesTheDeliveryDelivered() throws Exception {
    TestTenant tenant = createTenant("Racing Wallet Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String deliveryId = issueCredential(tenant, connectionId, "Racing");
    double refusedBefore = counted("refused");

    String receipt;
    try (java.sql.Connection worker = dataSource.getConnection()) {
      worker.setAutoCommit(false);
      // What DeliveryStore.markAllSent does once the connector acknowledged, not yet committed.
      try (PreparedStatement sent =
          worker.prepareStatement(
              "UPDATE issuer_gateway.deliveries SET status = 'SENT', sent_at = now(),"
                  + " finished_at = now(), connector_message_id = 'm-racing' WHERE id = ?")) {
        sent.setObject(1, UUID.fromString(deliveryId));
        assertThat(sent.executeUpdate()).isEqualTo(1);
      }
      int workerPid = backendPid(worker);

      receipt = sendReceipt(tenant, holder, holder.communicationKey(), deliveryId);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  jdbc.sql(
                              "SELECT count(*) FROM pg_stat_activity"
                                  + " WHERE :worker = ANY(pg_blocking_pids(pid))")
                          .param("worker", workerPid)
                          .query(Long.class)
                          .single()
                      > 0);
      worker.commit();
    }
    awaitProcessed(receipt);

    assertThat(deliveryStatus(tenant, deliveryId).get("status").stringValue())
        .isEqualTo("DELIVERED");
    assertThat(counted("refused")).isEqualTo(refusedBefore);
    assertThat(events.of(UUID.fromString(deliveryId)))
        .extracting(recorded -> recorded.event().event())
        .contains("delivery.delivered");
  }

  private static int backendPid(java.sql.Connection connection) throws Exception {
    try (PreparedStatement query = connection.prepareStatement("SELECT pg_backend_pid()");
        ResultSet row = query.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }

  /**
   * A receipt for {@code ids} authcrypted from {@code sender} to the issuer, sent by the holder.
   */
  private String sendReceipt(TestTenant tenant, TestHolder holder, KeyPairJwk sender, String... ids)
      throws Exception {
    PublicKeyJwk issuerKey =
        registry.activeKeys(tenant.did()).stream()
            .filter(key -> key.curve() == KeyCurve.X25519)
            .findFirst()
            .orElseThrow();
    byte[] inner =
        AtalaMessage.newBuilder()
            .setDeliveryReceipt(
                DeliveryReceipt.newBuilder()
                    .addAllMessageIds(List.of(ids))
                    .setStoredAtMillis(clock.millis()))
            .build()
            .toByteArray();
    byte[] envelope =
        new EnvelopeSealer(clock, new SecureRandom())
            .seal(sender, List.of(issuerKey), holder.connectionId(), inner)
            .bytes();
    return connector.fromHolder(
        holder.connectionId(),
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId(issuerKey.kid())
                    .setEncryptedContent(ByteString.copyFrom(envelope)))
            .build());
  }

  private void awaitProcessed(String messageId) {
    await().atMost(WAIT).until(() -> connector.isAcknowledged(messageId));
  }

  private double counted(String outcome) {
    var counter = meters.find("gateway.delivery.receipts").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private void register(TestTenant tenant, String url) throws Exception {
    call(
        mvc.perform(
                post("/api/v1/webhooks")
                    .header(API_KEY, tenant.apiKey())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"url\":\"" + url + "\",\"eventTypes\":[]}"))
            .andReturn(),
        201);
  }

  private void drainWebhooks() {
    while (dispatcher.runOnce() > 0) {
      // keep going while something is due now
    }
  }

  private List<String> types(WebhookReceiver receiver, String deliveryId) {
    return receiver.accepted().stream()
        .map(received -> json.readTree(received.body()))
        .filter(body -> body.get("data").has("deliveryId"))
        .filter(body -> deliveryId.equals(body.get("data").get("deliveryId").stringValue()))
        .map(body -> body.get("type").stringValue())
        .toList();
  }
}
