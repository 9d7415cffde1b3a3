package org.credrelay.connector.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.credrelay.connector.message.service.QueueGaugesJob;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.ConnectionQueueStatus;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.GetQueueStatusRequest;
import org.credrelay.proto.connector.v1.GetQueueStatusResponse;
import org.credrelay.proto.connector.v1.QueueFigures;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * GetQueueStatus and the queue gauges report exact figures: counts, bytes and the oldest message
 * per connection and in total, as stored in PostgreSQL.
 */
class QueueStatusTest extends SmallLimitsIntegrationTest {

  @Autowired private QueueGaugesJob gauges;
  @Autowired private MeterRegistry meters;

  @Test
  void getQueueStatus_reportsCountBytesAndOldestPerConnectionAndInTotal() {
    TestParty issuer = registeredIssuer();
    TestParty first = TestParty.holder(clock);
    TestParty second = TestParty.holder(clock);
    String firstConnection = connect(issuer, first).getConnectionId();
    String secondConnection = connect(issuer, second).getConnectionId();
    first.stub(channel).sendMessage(sendRequest(firstConnection, encryptedOfSize(issuer, 500)));
    clock.advance(Duration.ofMinutes(1));
    second.stub(channel).sendMessage(sendRequest(secondConnection, encryptedOfSize(issuer, 300)));
    first.stub(channel).sendMessage(sendRequest(firstConnection, encryptedOfSize(issuer, 700)));
    clock.advance(Duration.ofHours(1));
    Map<String, Timestamp> oldest = oldestPerConnection(issuer);

    GetQueueStatusResponse status =
        issuer.stub(channel).getQueueStatus(GetQueueStatusRequest.getDefaultInstance());

    assertThat(status.getTotal().getWaitingMessages()).isEqualTo(3);
    assertThat(status.getTotal().getWaitingBytes()).isEqualTo(1500);
    assertThat(status.getTotal().getOldestReceivedAt()).isEqualTo(oldest.get(firstConnection));
    assertThat(age(status.getTotal())).isBetween(Duration.ofMinutes(61), Duration.ofMinutes(62));
    assertThat(status.getConnectionsList())
        .isSortedAccordingTo(Comparator.comparing(ConnectionQueueStatus::getConnectionId))
        .extracting(
            ConnectionQueueStatus::getConnectionId,
            c -> c.getFigures().getWaitingMessages(),
            c -> c.getFigures().getWaitingBytes(),
            c -> c.getFigures().getOldestReceivedAt())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                firstConnection, 2L, 1200L, oldest.get(firstConnection)),
            org.assertj.core.groups.Tuple.tuple(
                secondConnection, 1L, 300L, oldest.get(secondConnection)));
    assertThat(status.getMaxMessages()).isEqualTo(3);
    assertThat(status.getMaxBytes()).isEqualTo(2048);
    GetQueueStatusResponse ofSecond =
        issuer
            .stub(channel)
            .getQueueStatus(
                GetQueueStatusRequest.newBuilder().setConnectionId(secondConnection).build());
    assertThat(ofSecond.getTotal().getWaitingMessages()).isEqualTo(1);
    assertThat(ofSecond.getTotal().getWaitingBytes()).isEqualTo(300);
    assertThat(ofSecond.getConnectionsList())
        .extracting(ConnectionQueueStatus::getConnectionId)
        .containsExactly(secondConnection);
  }

  @Test
  void expiredMessages_countNeitherInTheQuotaNorInTheQueueStatus_beforeTheirPartitionIsDropped() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    for (int i = 0; i < 3; i++) { // the queue is full (3 messages)
      issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedOfSize(holder, 100)));
    }
    clock.advance(Duration.ofDays(30).plusMinutes(1)); // expired, still stored (no retention run)
    assertThat(waitingFor(holder)).isEqualTo(3);
    assertThat(
            holder
                .stub(channel)
                .getQueueStatus(GetQueueStatusRequest.getDefaultInstance())
                .getTotal()
                .getWaitingMessages())
        .isZero();

    for (int i = 0; i < 3; i++) { // room for three again: the expired ones do not count
      issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedOfSize(holder, 200)));
    }

    GetQueueStatusResponse status =
        holder.stub(channel).getQueueStatus(GetQueueStatusRequest.getDefaultInstance());
    assertThat(status.getTotal().getWaitingMessages()).isEqualTo(3);
    assertThat(status.getTotal().getWaitingBytes()).isEqualTo(600);
    assertThat(
            holder
                .stub(channel)
                .getMessagesPaginated(GetMessagesPaginatedRequest.getDefaultInstance())
                .getMessagesCount())
        .as("the page returns exactly what the queue counts")
        .isEqualTo(3);
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .sendMessage(sendRequest(connectionId, encryptedOfSize(holder, 100))),
        org.credrelay.connector.error.ErrorReason.QUEUE_FULL);
  }

  @Test
  void getQueueStatus_ofAnEmptyQueue_isZeroWithoutOldest() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    connect(issuer, holder);

    GetQueueStatusResponse status =
        holder.stub(channel).getQueueStatus(GetQueueStatusRequest.getDefaultInstance());

    assertThat(status.getTotal().getWaitingMessages()).isZero();
    assertThat(status.getTotal().getWaitingBytes()).isZero();
    assertThat(status.getTotal().hasOldestReceivedAt()).isFalse();
    assertThat(status.getTotal().hasOldestAge()).isFalse();
    assertThat(status.getConnectionsList()).isEmpty();
  }

  @Test
  void queueGauges_matchTheDatabase_andCountQueuesNearTheirLimit() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    for (int i = 0; i < 3; i++) {
      issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder)));
    }

    gauges.refresh();

    // Expired messages (received at or before the cutoff) no longer count, as in pages.
    java.time.OffsetDateTime cutoff =
        clock.instant().minus(Duration.ofDays(30)).atOffset(java.time.ZoneOffset.UTC);
    assertThat(gauge("waiting.messages"))
        .isEqualTo(
            jdbc.queryForObject(
                "SELECT count(*) FROM connector.messages WHERE received_at > ?",
                Double.class,
                cutoff));
    assertThat(gauge("waiting.bytes"))
        .isEqualTo(
            jdbc.queryForObject(
                "SELECT sum(octet_length(content)) FROM connector.messages WHERE received_at > ?",
                Double.class,
                cutoff));
    assertThat(gauge("recipients"))
        .isEqualTo(
            jdbc.queryForObject(
                "SELECT count(DISTINCT recipient_id) FROM connector.messages"
                    + " WHERE received_at > ?",
                Double.class,
                cutoff));
    assertThat(gauge("largest.messages")).isEqualTo(3);
    assertThat(gauge("near.limit.recipients")).isGreaterThanOrEqualTo(1);
    assertThat(gauge("oldest.age.seconds")).isGreaterThanOrEqualTo(0);
    assertThat(gauge("limit.messages")).isEqualTo(3);
    assertThat(gauge("limit.bytes")).isEqualTo(2048);
  }

  private double gauge(String name) {
    return meters.get("connector.message.queue." + name).gauge().value();
  }

  private Map<String, Timestamp> oldestPerConnection(TestParty recipient) {
    List<ReceivedMessage> messages =
        recipient
            .stub(channel)
            .getMessagesPaginated(GetMessagesPaginatedRequest.getDefaultInstance())
            .getMessagesList();
    return messages.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                ReceivedMessage::getConnectionId, ReceivedMessage::getReceived, (a, b) -> a));
  }

  private static Duration age(QueueFigures figures) {
    return Duration.ofSeconds(
        figures.getOldestAge().getSeconds(), figures.getOldestAge().getNanos());
  }
}
