package org.credrelay.connector.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.List;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ErrorReasons;
import org.credrelay.connector.support.StreamRecorder;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.HandshakeMessage;
import org.junit.jupiter.api.Test;

/**
 * Each quota and limit of {@code connector.messages.limits}, through the real connector and
 * PostgreSQL: the refusal's status, reason (and RetryInfo for rate limits), and that nothing was
 * stored. Small limits ({@link SmallLimitsIntegrationTest}).
 */
class MessageLimitsTest extends SmallLimitsIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void sendMessage_toAFullQueueByCount_isQueueFull_andNothingIsStored() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    for (int i = 0; i < 3; i++) {
      issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder)));
    }

    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))),
        ErrorReason.QUEUE_FULL);

    assertThat(waitingFor(holder)).isEqualTo(3);
  }

  @Test
  void sendMessage_toAFullQueueByBytes_isQueueFull_andNothingIsStored() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedOfSize(holder, 900)));
    issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedOfSize(holder, 900)));

    assertRefused(
        () ->
            issuer
                .stub(channel)
                .sendMessage(sendRequest(connectionId, encryptedOfSize(holder, 900))),
        ErrorReason.QUEUE_FULL);

    assertThat(waitingFor(holder)).isEqualTo(2);
  }

  @Test
  void sendMessages_batchThatOverfillsAQueue_isRefusedWhole_namingTheEntry() {
    TestParty issuer = registeredIssuer();
    TestParty roomy = TestParty.holder(clock);
    TestParty crowded = TestParty.holder(clock);
    String toRoomy = connect(issuer, roomy).getConnectionId();
    String toCrowded = connect(issuer, crowded).getConnectionId();
    issuer.stub(channel).sendMessage(sendRequest(toCrowded, encryptedTo(crowded)));
    issuer.stub(channel).sendMessage(sendRequest(toCrowded, encryptedTo(crowded)));
    SendMessagesRequest batch =
        SendMessagesRequest.newBuilder()
            .addMessages(sendRequest(toRoomy, encryptedTo(roomy)))
            .addMessages(sendRequest(toCrowded, encryptedTo(crowded)))
            .addMessages(sendRequest(toCrowded, encryptedTo(crowded)))
            .build();

    assertRefused(() -> issuer.stub(channel).sendMessages(batch), ErrorReason.QUEUE_FULL)
        .satisfies(e -> ErrorReasons.assertEntry(e, 1));

    assertThat(waitingFor(roomy)).isZero();
    assertThat(waitingFor(crowded)).isEqualTo(2);
  }

  @Test
  void sendMessage_handshakeAboveItsKindsLimit_isMessageTooLarge_andNothingIsStored() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    byte[] handshake =
        AtalaMessage.newBuilder()
            .setHandshakeMessage(HandshakeMessage.newBuilder().setJwt("x".repeat(17 * 1024)))
            .build()
            .toByteArray();

    assertRefused(
        () -> holder.stub(channel).sendMessage(sendRequest(connectionId, handshake)),
        ErrorReason.MESSAGE_TOO_LARGE);

    assertThat(waitingFor(issuer)).isZero();
  }

  @Test
  void sendMessage_aboveTheSenderRate_isRateLimitedWithRetryInfo_untilTokensAreBack() {
    TestParty issuer = registeredIssuer();
    List<TestParty> holders =
        List.of(TestParty.holder(clock), TestParty.holder(clock), TestParty.holder(clock));
    List<String> connections =
        holders.stream().map(holder -> connect(issuer, holder).getConnectionId()).toList();
    for (int i = 0; i < 6; i++) {
      issuer
          .stub(channel)
          .sendMessage(sendRequest(connections.get(i % 3), encryptedTo(holders.get(i % 3))));
    }
    TestParty fresh = TestParty.holder(clock);
    String toFresh = connect(issuer, fresh).getConnectionId();

    StatusRuntimeException refused =
        assertRateLimited(
            () -> issuer.stub(channel).sendMessage(sendRequest(toFresh, encryptedTo(fresh))));

    assertThat(retryDelay(refused)).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
    assertThat(waitingFor(fresh)).isZero();
    clock.advance(Duration.ofHours(1));
    issuer.stub(channel).sendMessage(sendRequest(toFresh, encryptedTo(fresh)));
    assertThat(waitingFor(fresh)).isEqualTo(1);
  }

  @Test
  void holderSends_aboveTheConnectionRate_areRateLimited_whileItsOtherConnectionStillSends() {
    TestParty issuer = registeredIssuer();
    TestParty otherIssuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    String otherConnectionId = connect(otherIssuer, holder).getConnectionId();
    holder.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(issuer)));
    holder.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(issuer)));

    assertRateLimited(
        () -> holder.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(issuer))));

    holder.stub(channel).sendMessage(sendRequest(otherConnectionId, encryptedTo(otherIssuer)));
    assertThat(waitingFor(issuer)).isEqualTo(2);
    assertThat(waitingFor(otherIssuer)).isEqualTo(1);
  }

  @Test
  void openingMoreStreamsThanTheCap_closesTheOldest_andTheOthersStillDeliver() throws Exception {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    StreamRecorder oldest = open(holder);
    String first = send(issuer, connectionId, holder);
    oldest.awaitMessages(1, WAIT); // registered before the next one opens
    StreamRecorder second = open(holder);
    second.awaitMessages(1, WAIT);

    StreamRecorder third = open(holder);

    ErrorReasons.assertReason(oldest.awaitFailure(WAIT), ErrorReason.TOO_MANY_STREAMS);
    String next = send(issuer, connectionId, holder);
    assertThat(second.awaitMessages(2, WAIT))
        .extracting(ReceivedMessage::getId)
        .containsExactly(first, next);
    assertThat(third.awaitMessages(2, WAIT))
        .extracting(ReceivedMessage::getId)
        .containsExactly(first, next);
  }

  private String send(TestParty issuer, String connectionId, TestParty holder) {
    return issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))).getId();
  }

  private StreamRecorder open(TestParty holder) {
    StreamRecorder recorder = new StreamRecorder();
    holder
        .asyncStub(channel)
        .getMessageStream(GetMessageStreamRequest.getDefaultInstance(), recorder);
    return recorder;
  }

  private static StatusRuntimeException assertRateLimited(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    StatusRuntimeException[] failure = new StatusRuntimeException[1];
    assertRefused(call, ErrorReason.RATE_LIMITED)
        .satisfies(e -> failure[0] = (StatusRuntimeException) e);
    return failure[0];
  }

  private static Duration retryDelay(StatusRuntimeException failure) {
    com.google.protobuf.Duration delay =
        StatusProto.fromThrowable(failure).getDetailsList().stream()
            .filter(any -> any.is(RetryInfo.class))
            .map(
                any -> {
                  try {
                    return any.unpack(RetryInfo.class).getRetryDelay();
                  } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                  }
                })
            .findFirst()
            .orElseThrow();
    return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
  }
}
