package org.credrelay.connector.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.ErrorReasons;
import org.credrelay.connector.support.TestParty;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Threat model S7 for the sends, whose nonce is recorded with the rate-limit take instead of before
 * the method (decision 0047-connsend): a replayed send is refused and stores nothing, two
 * concurrent uses of one signed send store one message, a send refused before its take still uses
 * up its nonce, and a call whose signature is refused records nothing.
 */
class SendMessageNonceTest extends ConnectorIntegrationTest {

  private static final String SEND_MESSAGE =
      ConnectorServiceGrpc.getSendMessageMethod().getFullMethodName();

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
  void replayedSendMessage_isRefusedAsReplayedNonce_andStoresNothing() {
    SendMessageRequest request = sendRequest(connectionId, encryptedTo(holder));
    Map<String, String> signed = issuer.signer().sign(SEND_MESSAGE, request.toByteArray());
    withMetadata(signed).sendMessage(request);

    assertRefused(() -> withMetadata(signed).sendMessage(request), ErrorReason.REPLAYED_NONCE);

    assertThat(waitingForHolder()).isEqualTo(1);
    assertThat(nonceRows(signed)).isEqualTo(1);
  }

  @Test
  void replayedSendMessages_isRefusedAsReplayedNonce_andStoresNothing() {
    SendMessagesRequest batch =
        SendMessagesRequest.newBuilder()
            .addMessages(sendRequest(connectionId, encryptedTo(holder)))
            .addMessages(sendRequest(connectionId, encryptedTo(holder)))
            .build();
    Map<String, String> signed =
        issuer
            .signer()
            .sign(
                ConnectorServiceGrpc.getSendMessagesMethod().getFullMethodName(),
                batch.toByteArray());
    withMetadata(signed).sendMessages(batch);

    assertRefused(() -> withMetadata(signed).sendMessages(batch), ErrorReason.REPLAYED_NONCE);

    assertThat(waitingForHolder()).isEqualTo(2);
  }

  @Test
  void concurrentUsesOfOneSignedSend_storeOneMessage_andRefuseTheOthers() throws Exception {
    SendMessageRequest request = sendRequest(connectionId, encryptedTo(holder));
    Map<String, String> signed = issuer.signer().sign(SEND_MESSAGE, request.toByteArray());
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Callable<String>> uses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      uses.add(
          () -> {
            try {
              withMetadata(signed).sendMessage(request);
              return "OK";
            } catch (StatusRuntimeException refused) {
              ErrorReasons.assertReason(refused, ErrorReason.REPLAYED_NONCE);
              return "REPLAYED_NONCE";
            }
          });
    }
    List<String> outcomes = new ArrayList<>();
    try {
      for (Future<String> use : threads.invokeAll(uses)) {
        outcomes.add(use.get());
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(outcomes).containsOnlyOnce("OK").hasSize(4);
    assertThat(waitingForHolder()).isEqualTo(1);
  }

  @Test
  void sendRefusedBeforeItsTake_stillUsesUpItsNonce_andItsReplayIsReplayedNonce() {
    SendMessageRequest toUnknown = sendRequest(UUID.randomUUID().toString(), encryptedTo(holder));
    Map<String, String> signed = issuer.signer().sign(SEND_MESSAGE, toUnknown.toByteArray());
    StatusRuntimeException first =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class, () -> withMetadata(signed).sendMessage(toUnknown));
    assertThat(ErrorReasons.errorInfo(first).getReason())
        .isNotEqualTo(ErrorReason.REPLAYED_NONCE.name());

    assertRefused(() -> withMetadata(signed).sendMessage(toUnknown), ErrorReason.REPLAYED_NONCE);
    assertThat(nonceRows(signed)).isEqualTo(1);
  }

  @Test
  void sendWithABadSignature_recordsNoNonce_andTakesNoToken() {
    SendMessageRequest request = sendRequest(connectionId, encryptedTo(holder));
    Map<String, String> signedOther =
        issuer
            .signer()
            .sign(SEND_MESSAGE, sendRequest(connectionId, encryptedTo(holder)).toByteArray());
    long bucketsBefore = senderBucketRows();

    assertRefused(() -> withMetadata(signedOther).sendMessage(request), ErrorReason.BAD_SIGNATURE);
    assertRefused(
        () -> ConnectorServiceGrpc.newBlockingStub(channel).sendMessage(request),
        ErrorReason.MISSING_SIGNATURE);

    assertThat(nonceRows(signedOther)).isZero();
    assertThat(senderBucketRows()).isEqualTo(bucketsBefore).isZero();
    assertThat(waitingForHolder()).isZero();
  }

  private ConnectorServiceBlockingStub withMetadata(Map<String, String> entries) {
    Metadata metadata = new Metadata();
    new HashMap<>(entries)
        .forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    return ConnectorServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
  }

  private long nonceRows(Map<String, String> signed) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM connector.request_nonces WHERE nonce = ?",
        Long.class,
        signed.get(RequestSignatureHeaders.KEY_ID)
            + " "
            + signed.get(RequestSignatureHeaders.NONCE));
  }

  private long senderBucketRows() {
    return jdbc.queryForObject(
        "SELECT count(*) FROM connector.rate_limit_buckets WHERE id = ?",
        Long.class,
        "sender:" + issuer.id());
  }

  private long waitingForHolder() {
    return jdbc.queryForObject(
        "SELECT count(*) FROM connector.messages WHERE recipient_id = ?", Long.class, holder.id());
  }
}
