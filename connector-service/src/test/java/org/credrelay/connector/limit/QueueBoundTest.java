package org.credrelay.connector.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.message.service.QueueBoundPurgeJob;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.AcknowledgeMessagesRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The queue quota reads the recipient's stored upper bound (recipient_queue_bounds) and counts the
 * queue only when the bound would exceed the quota, is missing, or is older than the recount
 * interval (decision 0052-queuebound): quota of 3 messages ({@link SmallLimitsIntegrationTest}),
 * recount interval 10 minutes (the default).
 */
class QueueBoundTest extends SmallLimitsIntegrationTest {

  @Autowired private QueueBoundPurgeJob purgeJob;

  @Test
  void sends_keepTheBoundEqualToTheQueue() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();

    send(issuer, holder, connectionId);
    send(issuer, holder, connectionId);

    assertThat(boundOf(holder)).isEqualTo(2).isEqualTo(waitingFor(holder));
  }

  @Test
  void afterAcknowledgements_aBoundAtTheQuotaIsRecounted_andTheQueueTakesMessagesAgain() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    String first = send(issuer, holder, connectionId);
    String second = send(issuer, holder, connectionId);
    send(issuer, holder, connectionId);
    acknowledge(holder, List.of(first, second)); // the bound stays 3: acknowledging never lowers it

    send(issuer, holder, connectionId); // 3 + 1 > 3: counted, 1 + 1
    send(issuer, holder, connectionId);

    assertThat(boundOf(holder)).isEqualTo(3).isEqualTo(waitingFor(holder));
    assertRefused(() -> send(issuer, holder, connectionId), ErrorReason.QUEUE_FULL);
  }

  @Test
  void messagesStoredAroundTheBound_areCountedOnceTheBoundIsOlderThanTheRecountInterval() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    send(issuer, holder, connectionId);
    // Two messages stored without the bound (as a replica of an older version would store them).
    jdbc.update(
        """
        INSERT INTO connector.messages (id, connection_id, sender_id, recipient_id, received_at,
                                        content, content_sha256)
        SELECT gen_random_uuid(), connection_id, sender_id, recipient_id,
               received_at + n * interval '1 millisecond', content, content_sha256
        FROM connector.messages CROSS JOIN generate_series(1, 2) AS n
        WHERE recipient_id = ?""",
        holder.id());

    send(issuer, holder, connectionId); // the fresh bound (1 + 1) is trusted: not counted
    assertThat(waitingFor(holder)).isEqualTo(4);

    clock.advance(Duration.ofMinutes(11));
    assertRefused(() -> send(issuer, holder, connectionId), ErrorReason.QUEUE_FULL);
    assertThat(waitingFor(holder)).isEqualTo(4);
    // Other tests of this context read the largest queue (QueueStatusTest): none above the quota.
    jdbc.update("DELETE FROM connector.messages WHERE recipient_id = ?", holder.id());
  }

  @Test
  void boundsOlderThanTheRecountInterval_arePurged_andTheNextSendStoresAFreshOne() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    send(issuer, holder, connectionId);

    clock.advance(Duration.ofMinutes(11));
    purgeJob.purge();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM connector.recipient_queue_bounds WHERE recipient_id = ?",
                Long.class,
                holder.id()))
        .isZero();

    send(issuer, holder, connectionId);
    assertThat(boundOf(holder)).isEqualTo(2).isEqualTo(waitingFor(holder));
  }

  private String send(TestParty issuer, TestParty holder, String connectionId) {
    return issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
  }

  private void acknowledge(TestParty holder, List<String> ids) {
    holder
        .stub(channel)
        .acknowledgeMessages(AcknowledgeMessagesRequest.newBuilder().addAllMessageIds(ids).build());
  }

  private long boundOf(TestParty recipient) {
    return jdbc.queryForObject(
        "SELECT messages FROM connector.recipient_queue_bounds WHERE recipient_id = ?",
        Long.class,
        recipient.id());
  }
}
