package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.PinnedKeyVerifier;
import org.credrelay.issuergateway.crypto.AtRestCipher;
import org.credrelay.issuergateway.crypto.AtRestPurpose;
import org.credrelay.issuergateway.delivery.service.ConnectorRecoveryListener;
import org.credrelay.issuergateway.delivery.service.EnvelopeFactory;
import org.credrelay.issuergateway.delivery.store.DeliveryStore;
import org.credrelay.issuergateway.delivery.store.DeliveryStore.SealedMessage;
import org.credrelay.issuergateway.tenant.service.IssuerKeyring;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.testsupport.connector.FakeConnector.SendCall;
import org.credrelay.testsupport.connector.RelayedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Never lose an accepted credential, never send one twice. */
@ExtendWith(OutputCaptureExtension.class)
class OutboxResilienceTest extends GatewayIntegrationTest {

  @Autowired DeliveryStore outbox;
  @Autowired AtRestCipher cipher;
  @Autowired EnvelopeFactory envelopes;
  @Autowired IssuerKeyring keyring;
  @Autowired MeterRegistry meters;
  @Autowired ConnectorRecoveryListener recovery;

  @Test
  void connectorDownForAWhile_deliveryEndsSentExactlyOnce() throws Exception {
    TestTenant tenant = createTenant("Patient Sender");
    TestHolder holder = verifiedHolder(tenant);
    connector.failWith(Status.UNAVAILABLE);
    String deliveryId = issue(tenant, holder);

    pipeline.runOnce();
    JsonNode first = delivery(tenant, deliveryId);
    assertThat(first.get("status").stringValue()).isEqualTo("ACCEPTED");
    assertThat(first.get("attempts").intValue()).isEqualTo(1);
    assertThat(first.get("reason").stringValue()).contains("UNAVAILABLE");
    drainOutbox();
    assertThat(delivery(tenant, deliveryId).get("attempts").intValue()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    drainOutbox();
    JsonNode second = delivery(tenant, deliveryId);
    assertThat(second.get("attempts").intValue()).isEqualTo(2);
    assertThat(Instant.parse(second.get("nextAttemptAt").stringValue()))
        .isAfter(clock.instant().plusSeconds(1));

    connector.recover();
    clock.advance(Duration.ofSeconds(5));
    drainOutbox();

    JsonNode sent = delivery(tenant, deliveryId);
    assertThat(sent.get("status").stringValue()).isEqualTo("SENT");
    assertThat(sent.get("attempts").intValue()).isEqualTo(3);
    // The key check asks the key registry (up all along): every attempt reached the connector,
    // and it stored the credential once.
    assertThat(calls(deliveryId))
        .extracting(SendCall::outcome)
        .containsExactly("UNAVAILABLE", "UNAVAILABLE", "STORED");
    assertThat(stored(holder, deliveryId)).hasSize(1);
    assertThat(holder.credentials()).hasSize(1);
  }

  @Test
  void lostAcknowledgement_isRetriedWithIdenticalBytes_andStoredOnce() throws Exception {
    TestTenant tenant = createTenant("Lost Ack Co");
    TestHolder holder = verifiedHolder(tenant);
    connector.loseNextAcks(1);
    String deliveryId = issue(tenant, holder);

    drainOutbox();
    assertThat(delivery(tenant, deliveryId).get("status").stringValue()).isEqualTo("ACCEPTED");
    clock.advance(Duration.ofSeconds(2));
    drainOutbox();

    JsonNode sent = delivery(tenant, deliveryId);
    assertThat(sent.get("status").stringValue()).isEqualTo("SENT");
    List<SendCall> calls = calls(deliveryId);
    assertThat(calls).extracting(SendCall::outcome).containsExactly("STORED_ACK_LOST", "STORED");
    assertThat(calls.get(1).message()).isEqualTo(calls.get(0).message());
    var stored = stored(holder, deliveryId);
    assertThat(stored).hasSize(1);
    assertThat(sent.get("connectorMessageId").stringValue()).isEqualTo(stored.get(0).id());
    assertThat(holder.credentials()).hasSize(1);
  }

  @Test
  void workerCrashAfterSealing_anotherWorkerSendsTheSameBytesAfterTheLease() throws Exception {
    TestTenant tenant = createTenant("Crashing Worker Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID deliveryId = UUID.fromString(issue(tenant, holder));
    Instant now = clock.instant();
    ClaimedDelivery mine =
        outbox.claim("crashed-worker", now, now.plusSeconds(60), 500, Long.MAX_VALUE).stream()
            .filter(claimed -> claimed.id().equals(deliveryId))
            .findFirst()
            .orElseThrow();
    Connection connection = connections.get(mine.connectionId()).orElseThrow();
    byte[] sealed =
        envelopes.credentialMessage(
            keyring.identity(tenant.id()),
            PinnedKeyVerifier.pinnedCommunicationKey(connection),
            connection.connectorConnectionId(),
            mine,
            cipher.decrypt(
                AtRestPurpose.CREDENTIAL_DOCUMENT, deliveryId, mine.encryptedDocument()));
    assertThat(
            outbox.storeMessage(
                deliveryId, "crashed-worker", sealed, connection.pinnedCommKid(), now))
        .isTrue();
    // ... and the crashed worker never comes back.

    drainOutbox();
    assertThat(calls(deliveryId.toString())).isEmpty();
    clock.advance(Duration.ofSeconds(61));
    drainOutbox();

    assertThat(delivery(tenant, deliveryId.toString()).get("status").stringValue())
        .isEqualTo("SENT");
    assertThat(calls(deliveryId.toString()))
        .singleElement()
        .satisfies(call -> assertThat(call.message()).isEqualTo(sealed));
    assertThat(holder.credentials()).hasSize(1);
  }

  @Test
  void batchStoreOfSealedBytes_storesOnlyDeliveriesLeasedByTheWorker_andOnlyOnce()
      throws Exception {
    TestTenant tenant = createTenant("Batch Sealing Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID first = UUID.fromString(issue(tenant, holder));
    UUID second = UUID.fromString(issue(tenant, holder));
    Instant now = clock.instant();
    assertThat(
            outbox.claim("sealing-worker", now, now.plusSeconds(60), 500, Long.MAX_VALUE).stream()
                .map(ClaimedDelivery::id))
        .contains(first, second);
    byte[] earlier = {1, 2, 3};
    byte[] later = {4, 5};
    assertThat(outbox.storeMessage(first, "sealing-worker", earlier, "kid-1", now)).isTrue();

    assertThat(
            outbox.storeMessages(
                "other-worker", List.of(new SealedMessage(second, later, "kid-2")), now))
        .isEmpty();
    assertThat(
            outbox.storeMessages(
                "sealing-worker",
                List.of(
                    new SealedMessage(first, later, "kid-2"),
                    new SealedMessage(second, later, "kid-2")),
                now))
        .containsExactly(second);

    Map<UUID, byte[]> stored = new HashMap<>();
    outbox
        .claim("sealing-worker", now, now.plusSeconds(60), 500, Long.MAX_VALUE)
        .forEach(claimed -> stored.put(claimed.id(), claimed.message()));
    assertThat(stored.get(first)).isEqualTo(earlier);
    assertThat(stored.get(second)).isEqualTo(later);
  }

  @Test
  void pinnedKeyNoLongerListedAtDelivery_isKeyMismatch_andNothingIsEncryptedToTheNewKey(
      CapturedOutput output) throws Exception {
    TestTenant tenant = createTenant("Swapped Key Co");
    TestHolder holder = verifiedHolder(tenant);
    registry.substituteConnectionKey(
        holder.connectionId(), Keys.generateCommunication().publicKey());
    double before = mismatches();
    String deliveryId = issue(tenant, holder);

    drainOutbox();

    JsonNode failed = delivery(tenant, deliveryId);
    assertThat(failed.get("status").stringValue()).isEqualTo("FAILED");
    assertThat(failed.get("reason").stringValue()).startsWith("KEY_MISMATCH");
    Connection connection =
        connections.findByConnectorId(tenant.id(), holder.connectionId()).orElseThrow();
    assertThat(connection.state()).isEqualTo(ConnectionState.KEY_MISMATCH);
    assertThat(mismatches()).isEqualTo(before + 1);
    assertThat(calls(deliveryId)).isEmpty();
    assertThat(output.getAll())
        .contains("security_event=KEY_MISMATCH")
        .contains(connection.id().toString())
        .doesNotContain(
            java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(holder.invitation().secret()));
  }

  @Test
  void retention_keepsTheEncryptedCredentialUntilThePurge() throws Exception {
    TestTenant tenant = createTenant("Retaining Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID deliveryId = UUID.fromString(issue(tenant, holder));
    Instant now = clock.instant();
    outbox.claim("retaining-worker", now, now.plusSeconds(60), 500, Long.MAX_VALUE).stream()
        .filter(claimed -> claimed.id().equals(deliveryId))
        .findFirst()
        .orElseThrow();
    assertThat(outbox.markSent(deliveryId, "retaining-worker", "message-1", now, false)).isTrue();
    assertThat(delivery(tenant, deliveryId.toString()).get("contentErased").booleanValue())
        .isFalse();

    assertThat(outbox.eraseFinishedBefore(now.minusSeconds(1), now.minusSeconds(1), now)).isZero();
    assertThat(outbox.eraseFinishedBefore(now.plusSeconds(1), now.minusSeconds(1), now))
        .isPositive();
    assertThat(delivery(tenant, deliveryId.toString()).get("contentErased").booleanValue())
        .isTrue();
    assertThat(
            jdbc.sql("SELECT payload_ciphertext FROM deliveries WHERE id = ?")
                .param(deliveryId)
                .query(byte[].class)
                .optional())
        .isEmpty();
    clock.advance(Duration.ofSeconds(61));
  }

  /**
   * Issue 13 item 9: once the connector is reachable again (its channel becomes READY), deliveries
   * waiting out a backoff go at once, without the clock reaching their next attempt.
   */
  @Test
  void connectorBack_retriesWaitingDeliveriesAtOnce_notWhenTheirBackoffEnds() throws Exception {
    TestTenant tenant = createTenant("Prompt Resumer");
    TestHolder holder = verifiedHolder(tenant);
    connector.failWith(Status.UNAVAILABLE);
    String deliveryId = issue(tenant, holder);
    pipeline.runOnce();
    pipeline.runOnce();
    JsonNode waiting = delivery(tenant, deliveryId);
    assertThat(waiting.get("status").stringValue()).isEqualTo("ACCEPTED");
    assertThat(Instant.parse(waiting.get("nextAttemptAt").stringValue())).isAfter(clock.instant());

    connector.recover();
    drainOutbox();
    assertThat(delivery(tenant, deliveryId).get("status").stringValue()).isEqualTo("ACCEPTED");
    assertThat(recovery.connectorBack()).isGreaterThanOrEqualTo(1);
    drainOutbox();

    assertThat(delivery(tenant, deliveryId).get("status").stringValue()).isEqualTo("SENT");
    assertThat(stored(holder, deliveryId)).hasSize(1);
  }

  private double mismatches() {
    Counter counter =
        meters.find("gateway.security.key_mismatch").tag("source", "delivery").counter();
    return counter == null ? 0 : counter.count();
  }

  private String issue(TestTenant tenant, TestHolder holder) throws Exception {
    UUID connectionId =
        connections.findByConnectorId(tenant.id(), holder.connectionId()).orElseThrow().id();
    return call(
            mvc.perform(
                    post("/api/v1/credentials")
                        .header(API_KEY, tenant.apiKey())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(issueBody(connectionId, credential("Resilient"))))
                .andReturn(),
            202)
        .get("deliveryId")
        .stringValue();
  }

  private JsonNode delivery(TestTenant tenant, String deliveryId) throws Exception {
    return getJson("/api/v1/deliveries/" + deliveryId, tenant.apiKey());
  }

  private List<SendCall> calls(String deliveryId) {
    return connector.sendCalls().stream()
        .filter(c -> deliveryId.equals(c.clientMessageId()))
        .toList();
  }

  private List<RelayedMessage> stored(TestHolder holder, String deliveryId) {
    return connector.toHolder(holder.connectionId()).stream()
        .filter(s -> deliveryId.equals(s.clientMessageId()))
        .toList();
  }
}
