package org.credrelay.connector.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.credrelay.connector.support.TwoReplicas.send;

import io.grpc.ManagedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.credrelay.connector.push.service.WakeUpManager;
import org.credrelay.connector.support.PushRelayReceiver;
import org.credrelay.connector.support.TestParty;
import org.credrelay.connector.support.TwoReplicas;
import org.credrelay.proto.connector.v1.PushProvider;
import org.credrelay.proto.connector.v1.RegisterPushTargetRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Push wake-ups with two connector replicas on one database: a burst spread over both replicas,
 * both dispatching, still wakes an offline holder exactly once (coalescing is kept in PostgreSQL,
 * not per replica).
 */
class PushAcrossReplicasTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Clock CLOCK = Clock.systemUTC();
  private static final PushRelayReceiver relay = PushRelayReceiver.shared();

  private static TwoReplicas replicas;

  @BeforeAll
  static void startReplicas() {
    String secret =
        "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
    replicas =
        TwoReplicas.start(
            "push_two_replicas",
            "--connector.messages.push.relay.url=" + relay.url(),
            "--connector.messages.push.relay.secret=" + secret,
            "--connector.messages.push.dispatch-interval=50ms",
            "--connector.messages.push.wake-up-interval=10m");
  }

  @AfterAll
  static void stopReplicas() throws InterruptedException {
    replicas.close();
  }

  @Test
  void offlineHolder_burstOf50MessagesThroughTwoReplicas_isWokenExactlyOnce() {
    TestParty issuer = TestParty.participant("issuer", CLOCK);
    replicas.registerIssuer(issuer, "Two Replica Push Issuer");
    TestParty holder = TestParty.holder(CLOCK);
    String connectionId = replicas.connect(issuer, holder);
    String token = "relay-token-" + UUID.randomUUID();
    holder
        .stub(replicas.channelB())
        .registerPushTarget(
            RegisterPushTargetRequest.newBuilder()
                .setDeviceId("phone")
                .setProvider(PushProvider.PUSH_PROVIDER_WEBHOOK)
                .setToken(token)
                .build());

    for (int i = 0; i < 50; i++) {
      ManagedChannel through = i % 2 == 0 ? replicas.channelA() : replicas.channelB();
      send(issuer, through, connectionId, holder);
    }

    await().atMost(WAIT).until(() -> relay.deliveriesContaining(token).size() == 1);
    // Whatever either dispatcher saw mid-burst is coalesced: nothing more is due in this interval.
    JdbcTemplate jdbc = replicas.replicaA().getBean(JdbcTemplate.class);
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.queryForObject(
                        "SELECT count(*) FROM connector.push_wake_ups"
                            + " WHERE recipient_id = ? AND due_at <= ?",
                        Integer.class,
                        holder.id(),
                        CLOCK.instant().atOffset(ZoneOffset.UTC))
                    == 0);
    replicas.replicaA().getBean(WakeUpManager.class).dispatchDue();
    replicas.replicaB().getBean(WakeUpManager.class).dispatchDue();

    assertThat(relay.deliveriesContaining(token)).hasSize(1);
    assertThat(relay.deliveriesContaining(token).get(0).answeredWith()).isEqualTo(200);
  }
}
