package org.credrelay.connector.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.message.store.MessagePartitionStore;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.StreamRecorder;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Pages of GetMessagesPaginated (and the reads of a stream) are bounded in bytes as well as in
 * count, and {@code has_more} tells whether the queue was drained (PROTOCOL.md §5.5). The test
 * context sets max-message-size 64 KiB and max-page-bytes 256 KiB.
 */
class MessagePageBytesTest extends ConnectorIntegrationTest {

  private static final int MAX_MESSAGE_BYTES = 64 * 1024;
  private static final int MAX_PAGE_BYTES = 256 * 1024;

  /** Framing allowance of the contract on top of the page's message bytes. */
  private static final int FRAMING_BYTES = 64 * 1024;

  @Autowired private JdbcTemplate jdbc;
  @Autowired private MessagePartitionStore partitions;

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
  void getMessagesPaginated_stopsBeforeTheMessageThatWouldExceedTheByteBound() {
    List<String> sent = sendAll(5, 60_000); // 4 x 60,000 fit into 256 KiB, 5 do not

    GetMessagesPaginatedResponse first = page("", 100);
    GetMessagesPaginatedResponse second = page(last(first), 100);

    assertThat(ids(first)).containsExactlyElementsOf(sent.subList(0, 4));
    assertThat(first.getHasMore()).isTrue();
    assertThat(ids(second)).containsExactly(sent.get(4));
    assertThat(second.getHasMore()).isFalse();
  }

  @Test
  void getMessagesPaginated_firstMessageLargerThanTheBound_isReturnedAlone() {
    largeFirstMessage_isReturnedAlone();
  }

  @Test
  void getMessagesPaginated_firstMessageLargerThanTheBound_isReturnedAlone_justAfterMidnightUtc() {
    // 00:30 UTC on a day beyond the partitions made ahead: an hour ago is the previous day, which
    // has no partition (this test used to fail between 00:00 and 01:00 UTC).
    Instant now = clock.instant();
    Instant target = now.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS).plusSeconds(1800);
    clock.advance(Duration.between(now, target));
    try {
      largeFirstMessage_isReturnedAlone();
    } finally {
      // Leave the days ahead empty, as other tests of this JVM find them: the plan tests
      // (QueueIndexTest, MessagePageIndexTest) expect partitions made ahead to hold no rows.
      emptyPartitionsFrom(target.minus(Duration.ofDays(1)));
    }
  }

  private void emptyPartitionsFrom(Instant from) {
    List<String> holding =
        jdbc.queryForList(
            "SELECT DISTINCT tableoid::regclass::text FROM messages WHERE received_at >= ?",
            String.class,
            from.atOffset(ZoneOffset.UTC));
    for (String partition : holding) {
      jdbc.execute("TRUNCATE " + partition);
    }
  }

  private void largeFirstMessage_isReturnedAlone() {
    // Stored while a larger max-message-size was configured: it must not block the queue.
    String large = insert(MAX_PAGE_BYTES + 10_000);
    String small = sendAll(1, 100).get(0);

    GetMessagesPaginatedResponse first = page("", 100);
    GetMessagesPaginatedResponse second = page(last(first), 100);

    assertThat(ids(first)).containsExactly(large);
    assertThat(first.getMessages(0).getMessage().size()).isEqualTo(MAX_PAGE_BYTES + 10_000);
    assertThat(first.getHasMore()).isTrue();
    assertThat(ids(second)).containsExactly(small);
    assertThat(second.getHasMore()).isFalse();
  }

  @Test
  void hasMore_isTrueOnlyWhileMessagesAreWaitingAfterThePage() {
    assertThat(page("", 2).getHasMore()).isFalse(); // nothing waiting
    List<String> sent = sendAll(3, 100);

    GetMessagesPaginatedResponse cutByCount = page("", 2);
    GetMessagesPaginatedResponse exactlyDrained = page("", 3);
    GetMessagesPaginatedResponse rest = page(last(cutByCount), 2);
    GetMessagesPaginatedResponse afterLast = page(sent.get(2), 2);

    assertThat(ids(cutByCount)).containsExactlyElementsOf(sent.subList(0, 2));
    assertThat(cutByCount.getHasMore()).isTrue();
    assertThat(ids(exactlyDrained)).containsExactlyElementsOf(sent);
    assertThat(exactlyDrained.getHasMore()).isFalse();
    assertThat(ids(rest)).containsExactly(sent.get(2));
    assertThat(rest.getHasMore()).isFalse();
    assertThat(afterLast.getMessagesList()).isEmpty();
    assertThat(afterLast.getHasMore()).isFalse();
  }

  @Test
  void manyMaximumSizeMessages_areDrainedPageByPage_withEveryResponseUnderTheDocumentedBound() {
    List<String> sent = sendAll(40, MAX_MESSAGE_BYTES);

    List<String> received = new ArrayList<>();
    String last = "";
    int pages = 0;
    GetMessagesPaginatedResponse response;
    do {
      response = page(last, 500);
      pages++;
      assertThat(response.getSerializedSize())
          .isLessThanOrEqualTo(Math.max(MAX_PAGE_BYTES, MAX_MESSAGE_BYTES) + FRAMING_BYTES);
      assertThat(response.getMessagesList()).isNotEmpty();
      response.getMessagesList().forEach(m -> received.add(m.getId()));
      last = last(response);
    } while (response.getHasMore());

    assertThat(received).containsExactlyElementsOf(sent);
    assertThat(pages).isEqualTo(10); // 4 messages of 64 KiB per 256 KiB page
  }

  @Test
  void getMessageStream_deliversABacklogLargerThanOnePagesBytes() throws Exception {
    List<String> sent = sendAll(9, 60_000); // three reads of at most 4 messages each

    StreamRecorder stream = new StreamRecorder();
    holder
        .asyncStub(channel)
        .getMessageStream(GetMessageStreamRequest.getDefaultInstance(), stream);

    assertThat(stream.awaitMessages(9, Duration.ofSeconds(20)))
        .extracting(ReceivedMessage::getId)
        .containsExactlyElementsOf(sent);
  }

  @Test
  void maxPageBytesBelowMaxMessageSize_isRefusedAtStartUp() {
    assertThatThrownBy(
            () ->
                new MessageProperties(
                    DataSize.ofMegabytes(1),
                    DataSize.ofMegabytes(8),
                    100,
                    100,
                    500,
                    DataSize.ofKilobytes(512),
                    java.util.Set.of(MessageKind.ENCRYPTED_MESSAGE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-page-bytes must be >= max-message-size");
  }

  private GetMessagesPaginatedResponse page(String lastSeen, int limit) {
    return holder
        .stub(channel)
        .getMessagesPaginated(
            GetMessagesPaginatedRequest.newBuilder()
                .setLastSeenMessageId(lastSeen)
                .setLimit(limit)
                .build());
  }

  /** Sends {@code count} messages of exactly {@code size} serialized bytes, up to 3 per batch. */
  private List<String> sendAll(int count, int size) {
    List<String> ids = new ArrayList<>();
    for (int start = 0; start < count; start += 3) {
      SendMessagesRequest.Builder batch = SendMessagesRequest.newBuilder();
      for (int i = start; i < Math.min(count, start + 3); i++) {
        batch.addMessages(sendRequest(connectionId, messageOfSize(size)));
      }
      ids.addAll(issuer.stub(channel).sendMessages(batch.build()).getIdsList());
    }
    return ids;
  }

  /**
   * An EncryptedMessage to the holder whose serialized AtalaMessage has exactly {@code size} bytes.
   */
  private byte[] messageOfSize(int size) {
    String prefix = UUID.randomUUID().toString();
    int padding = size;
    // The framing shrinks by at most a few bytes as the padding shrinks: converges in a few steps.
    for (int attempt = 0; attempt < 10 && padding >= 0; attempt++) {
      byte[] bytes =
          AtalaMessage.newBuilder()
              .setEncryptedMessage(
                  EncryptedMessage.newBuilder()
                      .setKeyId(holder.communication().kid())
                      .setEncryptedContent(ByteString.copyFromUtf8(prefix + "x".repeat(padding))))
              .build()
              .toByteArray();
      if (bytes.length == size) {
        return bytes;
      }
      padding -= Math.max(1, bytes.length - size) * Integer.signum(bytes.length - size);
    }
    throw new IllegalArgumentException("no message of exactly " + size + " bytes");
  }

  /**
   * Inserts a message received an hour ago (so it is first in the queue) as an older connector
   * would have stored it. A raw insert bypasses the send path's creation of a missing partition,
   * and between 00:00 and 01:00 UTC an hour ago is the previous day, whose daily partition the
   * maintenance job (which creates from the current interval onwards) never made: the test makes
   * the partition itself, as the send path would.
   */
  private String insert(int size) {
    UUID id = UUID.randomUUID();
    Instant receivedAt = clock.instant().minus(Duration.ofHours(1));
    partitions.createThrough(receivedAt, receivedAt.plusNanos(1), true);
    jdbc.update(
        """
        INSERT INTO messages (id, connection_id, sender_id, recipient_id, received_at, content,
                              content_sha256) VALUES (?, ?::uuid, ?, ?, ?, ?, ?)""",
        id,
        connectionId,
        issuer.id(),
        holder.id(),
        receivedAt.atOffset(ZoneOffset.UTC),
        new byte[size],
        new byte[32]);
    return id.toString();
  }

  private static List<String> ids(GetMessagesPaginatedResponse page) {
    return page.getMessagesList().stream().map(ReceivedMessage::getId).toList();
  }

  private static String last(GetMessagesPaginatedResponse page) {
    return page.getMessages(page.getMessagesCount() - 1).getId();
  }
}
