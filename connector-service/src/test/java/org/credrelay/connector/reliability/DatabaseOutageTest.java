package org.credrelay.connector.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.StreamRecorder;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.testsupport.DatabaseOutage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * A real database outage (connections refused, open sessions terminated) is UNAVAILABLE with
 * ErrorInfo DATABASE_UNAVAILABLE and RetryInfo on every RPC, never INTERNAL or UNKNOWN; nothing is
 * half-written, and the same requests succeed once the database is back (issue 13 item 4). Its own
 * Spring context (and database): the pool waits only 1 s for a connection.
 */
@TestPropertySource(properties = "spring.datasource.hikari.connection-timeout=1000")
class DatabaseOutageTest extends ConnectorIntegrationTest {

  @Autowired private Environment environment;

  @Test
  void databaseOutage_everyRpcIsUnavailableWithRetryInfo_nothingIsWritten_andServiceRecovers()
      throws Exception {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    String connectionId = connect(issuer, holder).getConnectionId();
    String token = newToken(issuer);
    TestParty newcomer = TestParty.holder(clock);
    SendMessageRequest send =
        sendRequest(connectionId, encryptedTo(holder)).toBuilder()
            .setClientMessageId("during-outage")
            .build();

    try (DatabaseOutage outage = DatabaseOutage.ofContext(environment)) {
      assertUnavailable(() -> issuer.stub(channel).sendMessage(send));
      assertUnavailable(
          () ->
              holder
                  .stub(channel)
                  .getMessagesPaginated(GetMessagesPaginatedRequest.getDefaultInstance()));
      assertUnavailable(
          () ->
              issuer
                  .stub(channel)
                  .generateConnectionToken(
                      GenerateConnectionTokenRequest.newBuilder().setCount(1).build()));
      assertUnavailable(
          () -> newcomer.stub(channel).addConnectionFromToken(acceptRequest(newcomer, token)));
      StreamRecorder stream = new StreamRecorder();
      holder
          .asyncStub(channel)
          .getMessageStream(GetMessageStreamRequest.getDefaultInstance(), stream);
      assertThat(stream.awaitEnd(Duration.ofSeconds(20)).getCode())
          .isEqualTo(Status.Code.UNAVAILABLE);
    }

    // The pool reconnects with its own backoff: retry as a client told UNAVAILABLE does.
    List<ReceivedMessage> afterOutage =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptionsMatching(DatabaseOutageTest::unavailable)
            .until(() -> inbox(holder), messages -> true);
    // Nothing was half-written: no message, and the token was not consumed.
    assertThat(afterOutage).isEmpty();
    String id = issuer.stub(channel).sendMessage(send).getId();
    assertThat(issuer.stub(channel).sendMessage(send).getId()).isEqualTo(id);
    assertThat(inbox(holder)).extracting(ReceivedMessage::getId).containsExactly(id);
    assertThat(
            newcomer
                .stub(channel)
                .addConnectionFromToken(acceptRequest(newcomer, token))
                .getConnection()
                .getState())
        .isEqualTo(ConnectionState.CONNECTION_STATE_CONNECTED);
  }

  private static boolean unavailable(Throwable failure) {
    return failure instanceof StatusRuntimeException status
        && status.getStatus().getCode() == Status.Code.UNAVAILABLE;
  }

  private List<ReceivedMessage> inbox(TestParty party) {
    return party
        .stub(channel)
        .getMessagesPaginated(GetMessagesPaginatedRequest.getDefaultInstance())
        .getMessagesList();
  }

  private static void assertUnavailable(ThrowingCallable call) throws Exception {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("call must fail").isInstanceOf(StatusRuntimeException.class);
    StatusRuntimeException failure = (StatusRuntimeException) thrown;
    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    com.google.rpc.Status details = StatusProto.fromThrowable(failure);
    assertThat(details).isNotNull();
    assertThat(details.getDetailsList())
        .anySatisfy(
            any -> {
              assertThat(any.is(ErrorInfo.class)).isTrue();
              assertThat(any.unpack(ErrorInfo.class).getReason()).isEqualTo("DATABASE_UNAVAILABLE");
              assertThat(any.unpack(ErrorInfo.class).getDomain()).isEqualTo("credrelay.org");
            });
    assertThat(details.getDetailsList())
        .anySatisfy(
            any -> {
              assertThat(any.is(RetryInfo.class)).isTrue();
              assertThat(any.unpack(RetryInfo.class).getRetryDelay().getSeconds()).isPositive();
            });
  }
}
