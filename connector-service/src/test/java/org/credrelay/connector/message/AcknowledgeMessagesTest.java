package org.credrelay.connector.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.error.ErrorReason;
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

/** AcknowledgeMessages through the real connector on PostgreSQL (docs/PROTOCOL.md §5.9). */
class AcknowledgeMessagesTest extends ConnectorIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Autowired private JdbcTemplate jdbc;

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
  void acknowledgedMessages_areDeleted_andAPageShowsNothing() {
    List<String> sent = List.of(send(), send(), send());

    assertThat(ids(page(""))).containsExactlyElementsOf(sent);
    assertThat(acknowledge(holder, sent)).isEqualTo(3);

    assertThat(page("")).isEmpty();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE recipient_id = ?", Long.class, holder.id()))
        .isZero();
    // The same request again is harmless and counts nothing.
    assertThat(acknowledge(holder, sent)).isZero();
  }

  @Test
  void aPartialAcknowledgement_leavesTheRestInOrder() {
    List<String> sent = List.of(send(), send(), send(), send());

    assertThat(acknowledge(holder, List.of(sent.get(2), sent.get(0)))).isEqualTo(2);

    assertThat(ids(page(""))).containsExactly(sent.get(1), sent.get(3));
  }

  @Test
  void aStreamThatDropsBeforeTheAcknowledgement_deliversTheRestAgainInOrder() throws Exception {
    List<String> sent = new ArrayList<>(List.of(send(), send(), send(), send()));
    StreamRecorder first = new StreamRecorder();
    Context.CancellableContext dropped = Context.current().withCancellation();
    dropped.run(
        () ->
            holder
                .asyncStub(channel)
                .getMessageStream(GetMessageStreamRequest.getDefaultInstance(), first));
    assertThat(ids(first.awaitMessages(4, WAIT))).containsExactlyElementsOf(sent);
    acknowledge(holder, sent.subList(0, 2));
    dropped.cancel(null); // the connection drops before messages 3 and 4 are acknowledged
    sent.add(send());

    StreamRecorder second = open("");

    assertThat(ids(second.awaitMessages(3, WAIT))).containsExactlyElementsOf(sent.subList(2, 5));
    assertThat(second.extra()).isEmpty();
  }

  @Test
  void aLiveStream_skipsMessagesAnotherStreamAcknowledged_andDeliversNewOnes() throws Exception {
    String acknowledgedFirst = send();
    acknowledge(holder, List.of(acknowledgedFirst));
    StreamRecorder stream = open("");
    String next = send();

    assertThat(ids(stream.awaitMessages(1, WAIT))).containsExactly(next);
  }

  @Test
  void afterTheNewestMessageIsAcknowledged_aMessageFromASlowerClockStillSortsAfterIt()
      throws Exception {
    StreamRecorder stream = open("");
    String first = send();
    assertThat(ids(stream.awaitMessages(1, WAIT))).containsExactly(first);
    acknowledge(holder, List.of(first)); // the recipient's queue is empty now

    clock.advance(Duration.ofMinutes(-3)); // a replica whose clock is behind (within the skew)
    String second = send();

    // The live stream reads after the (received_at, id) of `first`; `second` must sort after it.
    assertThat(ids(stream.awaitMessages(2, WAIT))).containsExactly(first, second);
  }

  @Test
  void foreignUnknownAndAlreadyAcknowledgedIds_areSkipped_withoutTellingThemApart() {
    String toHolder = send();
    String toIssuer =
        holder.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(issuer))).getId();

    // The sender cannot delete what it sent; the holder cannot delete the issuer's inbox.
    assertThat(acknowledge(issuer, List.of(toHolder))).isZero();
    assertThat(acknowledge(holder, List.of(toIssuer, UUID.randomUUID().toString()))).isZero();

    assertThat(ids(page(""))).containsExactly(toHolder);
    assertThat(acknowledge(holder, List.of(toHolder, toHolder))).isEqualTo(1);
    assertThat(acknowledge(holder, List.of(toHolder))).isZero();
  }

  @Test
  void malformedIdsAndSizes_areInvalidArguments() {
    assertRefused(() -> acknowledge(holder, List.of("not-a-uuid")), ErrorReason.INVALID_ID);
    assertRefused(() -> acknowledge(holder, List.of()), ErrorReason.INVALID_ACKNOWLEDGEMENT_SIZE);
    List<String> tooMany = Collections.nCopies(501, UUID.randomUUID().toString());
    assertRefused(() -> acknowledge(holder, tooMany), ErrorReason.INVALID_ACKNOWLEDGEMENT_SIZE);
  }

  @Test
  void anAcknowledgedId_isNoLongerACursor() {
    List<String> sent = List.of(send(), send());
    acknowledge(holder, List.of(sent.get(0)));

    assertRefused(() -> page(sent.get(0)), ErrorReason.UNKNOWN_CURSOR);
    assertThat(ids(page(""))).containsExactly(sent.get(1));
  }

  private String send() {
    return issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
  }

  private int acknowledge(TestParty recipient, List<String> ids) {
    return recipient
        .stub(channel)
        .acknowledgeMessages(AcknowledgeMessagesRequest.newBuilder().addAllMessageIds(ids).build())
        .getAcknowledgedCount();
  }

  private List<ReceivedMessage> page(String lastSeen) {
    return holder
        .stub(channel)
        .getMessagesPaginated(
            GetMessagesPaginatedRequest.newBuilder().setLastSeenMessageId(lastSeen).build())
        .getMessagesList();
  }

  private StreamRecorder open(String lastSeen) {
    StreamRecorder recorder = new StreamRecorder();
    holder
        .asyncStub(channel)
        .getMessageStream(
            GetMessageStreamRequest.newBuilder().setLastSeenMessageId(lastSeen).build(), recorder);
    return recorder;
  }

  private static List<String> ids(List<ReceivedMessage> messages) {
    return messages.stream().map(ReceivedMessage::getId).toList();
  }
}
