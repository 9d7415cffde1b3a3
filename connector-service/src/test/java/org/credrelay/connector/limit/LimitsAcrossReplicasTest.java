package org.credrelay.connector.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.credrelay.connector.support.TwoReplicas.send;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ErrorReasons;
import org.credrelay.connector.support.TestParty;
import org.credrelay.connector.support.TwoReplicas;
import org.credrelay.proto.connector.v1.GetQueueStatusRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two connector replicas (two started applications) on one database: the queue quota and the send
 * rate hold for sends spread over both, as they would not if either replica counted alone.
 */
class LimitsAcrossReplicasTest {

  private static final Clock CLOCK = Clock.systemUTC();

  private static TwoReplicas replicas;

  @BeforeAll
  static void startReplicas() {
    replicas =
        TwoReplicas.start(
            "limits_two_replicas",
            "--connector.messages.limits.queue.max-messages=3",
            "--connector.messages.limits.sender-rate.burst=5",
            "--connector.messages.limits.sender-rate.refill-tokens=1",
            "--connector.messages.limits.sender-rate.refill-period=1h");
  }

  @AfterAll
  static void stopReplicas() throws InterruptedException {
    replicas.close();
  }

  @Test
  void queueQuotaAndSenderRate_holdForSendsSpreadOverBothReplicas() {
    ManagedChannel channelA = replicas.channelA();
    ManagedChannel channelB = replicas.channelB();
    TestParty issuer = TestParty.participant("issuer", CLOCK);
    replicas.registerIssuer(issuer, "Limited Issuer");
    TestParty holder = TestParty.holder(CLOCK);
    TestParty other = TestParty.holder(CLOCK);
    String toHolder = replicas.connect(issuer, holder);
    String toOther = replicas.connect(issuer, other);

    send(issuer, channelA, toHolder, holder);
    send(issuer, channelB, toHolder, holder);
    send(issuer, channelA, toHolder, holder);
    // Each replica has stored fewer than 3 itself; the queue in the database holds 3.
    assertRefused(() -> send(issuer, channelB, toHolder, holder), ErrorReason.QUEUE_FULL);
    assertThat(
            holder
                .stub(channelA)
                .getQueueStatus(GetQueueStatusRequest.getDefaultInstance())
                .getTotal()
                .getWaitingMessages())
        .isEqualTo(3);

    // 4 tokens of 5 are used (the refused send took one); the fifth goes through A.
    send(issuer, channelA, toOther, other);
    assertRefused(() -> send(issuer, channelB, toOther, other), ErrorReason.RATE_LIMITED);
    assertThat(
            other
                .stub(channelB)
                .getQueueStatus(GetQueueStatusRequest.getDefaultInstance())
                .getTotal()
                .getWaitingMessages())
        .isEqualTo(1);
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorReason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> ErrorReasons.assertReason((StatusRuntimeException) e, reason));
  }
}
