package org.credrelay.connector.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.push.service.WakeUpManager;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.PushRelayReceiver;
import org.credrelay.connector.support.PushRelayReceiver.Delivery;
import org.credrelay.connector.support.StreamRecorder;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.DeletePushTargetRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.PushProvider;
import org.credrelay.proto.connector.v1.RegisterPushTargetRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Push wake-up through the real connector, PostgreSQL and a real local HTTP push relay: an offline
 * holder is woken once per burst, a holder with a live stream is not woken, a failing relay gets
 * the wake-up after a retry, and nothing of a message, its sender or connection is in the push.
 */
class PushWakeUpTest extends ConnectorIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration BACKOFF = Duration.ofSeconds(30); // initial-backoff in the base
  @Autowired private JdbcTemplate jdbc;
  @Autowired private WakeUpManager wakeUps;

  private TestParty issuer;
  private TestParty holder;
  private String connectionId;
  private String token;

  @BeforeEach
  void connectHolderWithPushTarget() {
    issuer = registeredIssuer();
    holder = TestParty.holder(clock);
    connectionId = connect(issuer, holder).getConnectionId();
    token = "fcm-token-" + UUID.randomUUID();
    register("phone", PushProvider.PUSH_PROVIDER_FCM, token);
  }

  @Test
  void offlineHolder_burstOf50Messages_isWokenExactlyOnce() {
    for (int i = 0; i < 50; i++) {
      send();
    }

    await().atMost(WAIT).until(() -> pushRelay.deliveriesContaining(token).size() == 1);
    // Whatever the dispatcher saw mid-burst is coalesced: nothing more is due in this interval.
    await().atMost(WAIT).until(() -> dueWakeUps(clock.instant()) == 0);
    wakeUps.dispatchDue();

    assertThat(pushRelay.deliveriesContaining(token)).hasSize(1);
    assertThat(pushRelay.deliveriesContaining(token).get(0).answeredWith()).isEqualTo(200);
  }

  @Test
  void wakeUp_carriesOnlyProviderAndToken_andASignatureThatVerifies() throws Exception {
    long before = clock.instant().getEpochSecond();
    String messageId = send();

    await().atMost(WAIT).until(() -> pushRelay.deliveriesContaining(token).size() == 1);

    Delivery delivery = pushRelay.deliveriesContaining(token).get(0);
    JsonNode body = JsonMapper.builder().build().readTree(delivery.body());
    assertThat(fieldNames(body)).containsExactly("type", "timestamp", "data");
    assertThat(body.get("type").asString()).isEqualTo("credrelay.wake-up");
    assertThat(OffsetDateTime.parse(body.get("timestamp").asString())).isNotNull();
    assertThat(fieldNames(body.get("data"))).containsExactly("provider", "token");
    assertThat(body.get("data").get("provider").asString()).isEqualTo("fcm");
    assertThat(body.get("data").get("token").asString()).isEqualTo(token);
    String everything = delivery.headers() + new String(delivery.body(), StandardCharsets.UTF_8);
    assertThat(everything)
        .doesNotContain(connectionId)
        .doesNotContain(messageId)
        .doesNotContain(issuer.did())
        .doesNotContain(holder.id())
        .doesNotContain("ciphertext");
    assertThat(delivery.headers().keySet())
        .contains("webhook-id", "webhook-timestamp", "webhook-signature");
    assertThat(Long.parseLong(delivery.header("webhook-timestamp")))
        .isBetween(before, clock.instant().getEpochSecond());
    assertThat(PushRelayReceiver.signatureVerifies(delivery, PUSH_RELAY_SECRET)).isTrue();
    String otherSecret =
        "whsec_"
            + Base64.getEncoder()
                .encodeToString(
                    "another-secret-of-32-bytes-long!".getBytes(StandardCharsets.US_ASCII));
    assertThat(PushRelayReceiver.signatureVerifies(delivery, otherSecret)).isFalse();
  }

  @Test
  void holderWithLiveStream_isNotWoken_untilTheStreamCloses() throws Exception {
    StreamRecorder stream = new StreamRecorder();
    Context.CancellableContext streamContext = Context.current().withCancellation();
    streamContext.run(
        () ->
            holder
                .asyncStub(channel)
                .getMessageStream(GetMessageStreamRequest.getDefaultInstance(), stream));
    await().atMost(WAIT).until(() -> livePresenceRows() == 1);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(send());
    }
    assertThat(stream.awaitMessages(5, WAIT)).hasSize(5);

    assertThat(pendingWakeUps()).isZero();
    wakeUps.dispatchDue();
    assertThat(pushRelay.deliveriesContaining(token)).isEmpty();

    streamContext.cancel(null);
    await().atMost(WAIT).until(() -> livePresenceRows() == 0);
    send();
    await().atMost(WAIT).until(() -> pushRelay.deliveriesContaining(token).size() == 1);
  }

  @Test
  void relayFailingFirst_getsTheWakeUpAfterABackoff_withTheSameId() {
    pushRelay.answer(token, 503);
    send();

    await().atMost(WAIT).until(() -> pushRelay.deliveriesContaining(token).size() == 1);
    await().atMost(WAIT).until(() -> dueWakeUps(clock.instant().plus(BACKOFF)) == 1);
    assertThat(dueWakeUps(clock.instant())).isZero();
    wakeUps.dispatchDue();
    assertThat(pushRelay.deliveriesContaining(token)).hasSize(1);

    clock.advance(BACKOFF);

    await().atMost(WAIT).until(() -> pushRelay.deliveriesContaining(token).size() == 2);
    List<Delivery> deliveries = pushRelay.deliveriesContaining(token);
    assertThat(deliveries).extracting(Delivery::answeredWith).containsExactly(503, 200);
    assertThat(deliveries.get(1).header("webhook-id"))
        .isEqualTo(deliveries.get(0).header("webhook-id"));
    await().atMost(WAIT).until(() -> pendingWakeUps() == 0);
  }

  @Test
  void relayAnsweringGone_forgetsTheTarget() {
    pushRelay.answer(token, 410);
    send();

    await().atMost(WAIT).until(() -> targets() == 0);
    assertThat(pushRelay.deliveriesContaining(token)).hasSize(1);
  }

  @Test
  void deletedTarget_isNotWoken_andDeleteIsIdempotent() {
    assertThat(delete("phone")).isTrue();
    assertThat(delete("phone")).isFalse();

    send();

    assertThat(pendingWakeUps()).isZero();
    wakeUps.dispatchDue();
    assertThat(pushRelay.deliveriesContaining(token)).isEmpty();
  }

  @Test
  void registerAgain_sameDevice_replacesTheToken() {
    String newToken = "fcm-token-" + UUID.randomUUID();
    assertThat(register("phone", PushProvider.PUSH_PROVIDER_FCM, newToken)).isEqualTo(1);

    send();

    await().atMost(WAIT).until(() -> pushRelay.deliveriesContaining(newToken).size() == 1);
    assertThat(pushRelay.deliveriesContaining(token)).isEmpty();
  }

  @Test
  void aTargetBelongsToItsRegistrant_othersCanNeitherReplaceNorDeleteIt() {
    // Registration names no recipient: it is always the signer's own device. Another holder and
    // the issuer using the same device id get targets of their own and cannot touch this one.
    TestParty intruder = TestParty.holder(clock);
    connect(issuer, intruder);
    String intruderToken = "fcm-token-" + UUID.randomUUID();
    for (TestParty other : List.of(intruder, issuer)) {
      other
          .stub(channel)
          .registerPushTarget(
              RegisterPushTargetRequest.newBuilder()
                  .setDeviceId("phone")
                  .setProvider(PushProvider.PUSH_PROVIDER_FCM)
                  .setToken(intruderToken)
                  .build());
      assertThat(
              other
                  .stub(channel)
                  .deletePushTarget(
                      DeletePushTargetRequest.newBuilder().setDeviceId("phone").build())
                  .getDeleted())
          .isTrue(); // its own target
    }

    send();

    await().atMost(WAIT).until(() -> pushRelay.deliveriesContaining(token).size() == 1);
    assertThat(targets()).isOne();
    assertThat(pushRelay.deliveriesContaining(intruderToken)).isEmpty();
  }

  @Test
  void registerPushTarget_beyondTheLimit_isRefused() {
    register("tablet", PushProvider.PUSH_PROVIDER_APNS, "a".repeat(64));
    register("laptop", PushProvider.PUSH_PROVIDER_WEBHOOK, "hook-1");

    assertRefused(
        () -> register("watch", PushProvider.PUSH_PROVIDER_FCM, "t"),
        ErrorReason.TOO_MANY_PUSH_TARGETS);
    assertThat(register("laptop", PushProvider.PUSH_PROVIDER_WEBHOOK, "hook-2")).isEqualTo(3);
    assertThat(targets()).isEqualTo(3);
  }

  @Test
  void registerPushTarget_malformed_isRefused() {
    assertRefused(
        () -> register("", PushProvider.PUSH_PROVIDER_FCM, "t"), ErrorReason.INVALID_PUSH_TARGET);
    assertRefused(
        () -> register("a/b", PushProvider.PUSH_PROVIDER_FCM, "t"),
        ErrorReason.INVALID_PUSH_TARGET);
    assertRefused(
        () -> register("x".repeat(65), PushProvider.PUSH_PROVIDER_FCM, "t"),
        ErrorReason.INVALID_PUSH_TARGET);
    assertRefused(
        () -> register("tablet", PushProvider.PUSH_PROVIDER_UNSPECIFIED, "t"),
        ErrorReason.INVALID_PUSH_TARGET);
    assertRefused(
        () -> register("tablet", PushProvider.PUSH_PROVIDER_FCM, ""),
        ErrorReason.INVALID_PUSH_TARGET);
    assertRefused(
        () -> register("tablet", PushProvider.PUSH_PROVIDER_FCM, "with space"),
        ErrorReason.INVALID_PUSH_TARGET);
    assertRefused(
        () -> register("tablet", PushProvider.PUSH_PROVIDER_FCM, "t".repeat(257)),
        ErrorReason.PUSH_TOKEN_TOO_LARGE);
    assertThat(targets()).isEqualTo(1);
  }

  private int register(String deviceId, PushProvider provider, String pushToken) {
    return holder
        .stub(channel)
        .registerPushTarget(
            RegisterPushTargetRequest.newBuilder()
                .setDeviceId(deviceId)
                .setProvider(provider)
                .setToken(pushToken)
                .build())
        .getTargets();
  }

  private boolean delete(String deviceId) {
    return holder
        .stub(channel)
        .deletePushTarget(DeletePushTargetRequest.newBuilder().setDeviceId(deviceId).build())
        .getDeleted();
  }

  private String send() {
    return issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
  }

  private int targets() {
    return jdbc.queryForObject(
        "SELECT count(*) FROM connector.push_targets WHERE recipient_id = ?",
        Integer.class,
        holder.id());
  }

  private int pendingWakeUps() {
    return jdbc.queryForObject(
        "SELECT count(*) FROM connector.push_wake_ups WHERE recipient_id = ?",
        Integer.class,
        holder.id());
  }

  private int dueWakeUps(Instant at) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM connector.push_wake_ups WHERE recipient_id = ? AND due_at <= ?",
        Integer.class,
        holder.id(),
        at.atOffset(java.time.ZoneOffset.UTC));
  }

  private int livePresenceRows() {
    return jdbc.queryForObject(
        "SELECT count(*) FROM connector.stream_presence WHERE recipient_id = ? AND live_until > ?",
        Integer.class,
        holder.id(),
        clock.instant().atOffset(java.time.ZoneOffset.UTC));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.propertyNames().forEach(names::add);
    return names;
  }
}
