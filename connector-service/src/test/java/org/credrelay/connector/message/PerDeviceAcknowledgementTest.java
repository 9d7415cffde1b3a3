package org.credrelay.connector.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.message.service.MessageRetentionJob;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.StreamRecorder;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.AcknowledgeMessagesRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each device of a recipient acknowledges for itself (docs/PROTOCOL.md §5.9 "Devices"), through the
 * real connector on PostgreSQL.
 */
class PerDeviceAcknowledgementTest extends ConnectorIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Autowired private JdbcTemplate jdbc;
  @Autowired private MessageRetentionJob retention;

  private TestParty issuer;
  private TestParty holder;
  private String connectionId;

  @BeforeEach
  void connect() {
    issuer = registeredIssuer();
    holder = TestParty.holder(clock);
    connectionId = connect(issuer, holder).getConnectionId();
  }

  @Test
  void oneDeviceAcknowledges_theOtherStillReceives_andBothAcknowledged_deletes() {
    page("phone"); // both devices are known before the messages arrive
    page("tablet");
    List<String> sent = List.of(send(), send());

    assertThat(acknowledge("phone", sent)).isEqualTo(2);

    assertThat(ids(page("phone"))).isEmpty();
    assertThat(ids(page("tablet"))).containsExactlyElementsOf(sent);
    assertThat(waiting()).isEqualTo(2);

    assertThat(acknowledge("tablet", sent)).isEqualTo(2);

    assertThat(ids(page("tablet"))).isEmpty();
    assertThat(ids(page(""))).isEmpty();
    assertThat(waiting()).isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM device_acknowledgements WHERE recipient_id = ?",
                Long.class,
                holder.id()))
        .as("device acknowledgements go with their messages")
        .isZero();
    // Repeats count nothing.
    assertThat(acknowledge("phone", sent)).isZero();
  }

  @Test
  void theOtherDevicesStream_deliversInOrderWhatItHasNotAcknowledged_andAgainAfterADrop()
      throws Exception {
    page("phone");
    page("tablet");
    List<String> sent = new ArrayList<>(List.of(send(), send(), send()));
    acknowledge("phone", sent);

    StreamRecorder first = new StreamRecorder();
    Context.CancellableContext dropped = Context.current().withCancellation();
    dropped.run(() -> open("tablet", first));
    assertThat(ids(first.awaitMessages(3, WAIT))).containsExactlyElementsOf(sent);
    acknowledge("tablet", sent.subList(0, 1));
    dropped.cancel(null); // the tablet drops before acknowledging messages 2 and 3
    sent.add(send());

    StreamRecorder tablet = new StreamRecorder();
    open("tablet", tablet);
    StreamRecorder phone = new StreamRecorder();
    open("phone", phone);

    assertThat(ids(tablet.awaitMessages(3, WAIT))).containsExactlyElementsOf(sent.subList(1, 4));
    assertThat(ids(phone.awaitMessages(1, WAIT))).containsExactly(sent.get(3));
    assertThat(tablet.extra()).isEmpty();
    assertThat(phone.extra()).isEmpty();
  }

  @Test
  void withASingleKnownDevice_anAcknowledgementDeletesAtOnce() {
    String sent = send();

    assertThat(acknowledge("phone", List.of(sent))).isEqualTo(1);

    assertThat(waiting()).isZero();
    assertThat(ids(page(""))).isEmpty();
  }

  @Test
  void anAcknowledgementWithoutDevice_deletesForEveryDevice() {
    page("phone");
    page("tablet");
    String sent = send();

    assertThat(acknowledge("", List.of(sent))).isEqualTo(1);

    assertThat(ids(page("tablet"))).isEmpty();
    assertThat(waiting()).isZero();
  }

  @Test
  void aReaderWithoutDevice_seesWhatOnlySomeDevicesAcknowledged() {
    page("phone");
    page("tablet");
    String sent = send();
    acknowledge("phone", List.of(sent));

    assertThat(ids(page(""))).containsExactly(sent);
  }

  @Test
  void anotherRecipientsDevice_cannotAcknowledgeForIt() {
    page("phone");
    page("tablet");
    String sent = send();

    assertThat(
            issuer
                .stub(channel)
                .acknowledgeMessages(
                    AcknowledgeMessagesRequest.newBuilder()
                        .setDeviceId("tablet")
                        .addMessageIds(sent)
                        .build())
                .getAcknowledgedCount())
        .isZero();
    acknowledge("phone", List.of(sent));
    assertThat(ids(page("tablet"))).containsExactly(sent);
  }

  @Test
  void expiredDeviceAcknowledgements_arePurgedByTheRetentionJob() {
    page("phone");
    page("tablet");
    acknowledge("phone", List.of(send()));
    assertThat(acknowledgementRows()).isOne();

    clock.advance(Duration.ofDays(31));
    MessageRetentionJob.Run run = retention.run();

    assertThat(run.deviceAcknowledgementsRemoved()).isPositive();
    assertThat(acknowledgementRows()).isZero();
  }

  @Test
  void malformedDeviceIds_areInvalidArguments() {
    String sent = send();
    assertRefused(() -> acknowledge("a phone", List.of(sent)), ErrorReason.INVALID_DEVICE_ID);
    assertRefused(() -> page("x".repeat(65)), ErrorReason.INVALID_DEVICE_ID);
  }

  private String send() {
    return issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
  }

  private int acknowledge(String device, List<String> ids) {
    return holder
        .stub(channel)
        .acknowledgeMessages(
            AcknowledgeMessagesRequest.newBuilder()
                .setDeviceId(device)
                .addAllMessageIds(ids)
                .build())
        .getAcknowledgedCount();
  }

  private List<ReceivedMessage> page(String device) {
    return holder
        .stub(channel)
        .getMessagesPaginated(GetMessagesPaginatedRequest.newBuilder().setDeviceId(device).build())
        .getMessagesList();
  }

  private void open(String device, StreamRecorder recorder) {
    holder
        .asyncStub(channel)
        .getMessageStream(
            GetMessageStreamRequest.newBuilder().setDeviceId(device).build(), recorder);
  }

  private long waiting() {
    return jdbc.queryForObject(
        "SELECT count(*) FROM messages WHERE recipient_id = ?", Long.class, holder.id());
  }

  private long acknowledgementRows() {
    return jdbc.queryForObject(
        "SELECT count(*) FROM device_acknowledgements WHERE recipient_id = ?",
        Long.class,
        holder.id());
  }

  private static List<String> ids(List<ReceivedMessage> messages) {
    return messages.stream().map(ReceivedMessage::getId).toList();
  }
}
