package org.credrelay.connector.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.ErrorReasons;
import org.credrelay.connector.support.StreamRecorder;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class MessageStreamTest extends ConnectorIntegrationTest {

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

  private String send() {
    return issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
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

  @Test
  void getMessageStream_deliversBacklogThenLiveMessages() throws Exception {
    List<String> sent = new ArrayList<>(List.of(send(), send(), send()));
    StreamRecorder stream = open("");
    assertThat(ids(stream.awaitMessages(3, WAIT))).containsExactlyElementsOf(sent);

    sent.add(send());
    sent.add(send());

    assertThat(ids(stream.awaitMessages(5, WAIT))).containsExactlyElementsOf(sent);
    StreamRecorder resumed = open(sent.get(1));
    assertThat(ids(resumed.awaitMessages(3, WAIT))).containsExactlyElementsOf(sent.subList(2, 5));
  }

  @Test
  void getMessageStream_severalStreamsOfOneRecipient_eachReceiveEveryMessage() throws Exception {
    StreamRecorder phone = open("");
    StreamRecorder tablet = open("");
    List<String> sent = List.of(send(), send(), send(), send());

    assertThat(ids(phone.awaitMessages(4, WAIT))).containsExactlyElementsOf(sent);
    assertThat(ids(tablet.awaitMessages(4, WAIT))).containsExactlyElementsOf(sent);
  }

  @Test
  void getMessageStream_idleStream_receivesKeepalives() throws Exception {
    StreamRecorder stream = open("");

    // keepalive-interval is 300ms in tests: two keepalives arrive well within the wait.
    assertThat(stream.awaitKeepalives(2, WAIT)).isTrue();
  }

  @Test
  void getMessageStream_unknownLastSeen_isInvalidArgument() throws Exception {
    StreamRecorder stream = open(java.util.UUID.randomUUID().toString());

    ErrorReasons.assertReason(stream.awaitFailure(WAIT), ErrorReason.UNKNOWN_CURSOR);
  }

  @Test
  void getMessageStream_cancelledByClient_isForgotten() throws Exception {
    StreamRecorder recorder = new StreamRecorder();
    Context.CancellableContext context = Context.current().withCancellation();
    context.run(
        () ->
            holder
                .asyncStub(channel)
                .getMessageStream(GetMessageStreamRequest.getDefaultInstance(), recorder));
    String first = send();
    assertThat(ids(recorder.awaitMessages(1, WAIT))).containsExactly(first);

    context.cancel(null);

    assertThat(recorder.awaitEnd(WAIT).getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void getMessageStream_afterTheListenConnectionDrops_catchesUpWithoutLoss() throws Exception {
    StreamRecorder stream = open("");
    String before = send();
    assertThat(ids(stream.awaitMessages(1, WAIT))).containsExactly(before);

    // Kill the LISTEN connection; a message committed before it reconnects has no listener.
    jdbc.queryForList(
        """
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'connector-notification-listener' AND datname = current_database()""");
    String during = send();

    assertThat(ids(stream.awaitMessages(2, WAIT))).containsExactly(before, during);
    String after = send();
    assertThat(ids(stream.awaitMessages(3, WAIT))).containsExactly(before, during, after);
  }

  /**
   * The hand-over race: messages are sent concurrently by several senders while streams open at
   * different moments (some from the start, some after a message seen earlier). Every stream must
   * receive exactly the recipient's messages after its starting point, each once, in delivery
   * order.
   */
  @Test
  void getMessageStream_handOverUnderConcurrentSends_hasNoGapAndNoDuplicate() throws Exception {
    int senders = 4;
    int perSender = 40;
    int total = senders * perSender;
    ExecutorService pool = Executors.newFixedThreadPool(senders + 1);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Void>> sending = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        sending.add(
            CompletableFuture.runAsync(
                () -> {
                  awaitQuietly(start);
                  for (int i = 0; i < perSender; i++) {
                    send();
                  }
                },
                pool));
      }
      List<StreamRecorder> fromStart = new ArrayList<>();
      List<StreamRecorder> resumed = new ArrayList<>();
      List<String> resumedAfter = new ArrayList<>();
      fromStart.add(open(""));
      start.countDown();
      // Open more streams while the senders run, each as soon as a new message is visible.
      for (int k = 0; k < 6; k++) {
        List<ReceivedMessage> soFar =
            holder
                .stub(channel)
                .getMessagesPaginated(
                    GetMessagesPaginatedRequest.newBuilder().setLimit(500).build())
                .getMessagesList();
        fromStart.add(open(""));
        if (!soFar.isEmpty()) {
          String lastSeen = soFar.get(soFar.size() - 1).getId();
          resumedAfter.add(lastSeen);
          resumed.add(open(lastSeen));
        }
      }
      CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      List<String> order =
          ids(
              holder
                  .stub(channel)
                  .getMessagesPaginated(
                      GetMessagesPaginatedRequest.newBuilder().setLimit(500).build())
                  .getMessagesList());
      assertThat(order).hasSize(total).doesNotHaveDuplicates();
      for (StreamRecorder stream : fromStart) {
        assertThat(ids(stream.awaitMessages(total, WAIT))).containsExactlyElementsOf(order);
      }
      for (int i = 0; i < resumed.size(); i++) {
        List<String> expected = order.subList(order.indexOf(resumedAfter.get(i)) + 1, total);
        assertThat(ids(resumed.get(i).awaitMessages(expected.size(), WAIT)))
            .containsExactlyElementsOf(expected);
      }
      // Nothing beyond: one more message arrives exactly once on every stream.
      String last = send();
      for (StreamRecorder stream : fromStart) {
        assertThat(ids(stream.awaitMessages(total + 1, WAIT)).get(total)).isEqualTo(last);
        assertThat(stream.extra()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
