package org.credrelay.connector.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.List;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.ErrorReasons;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.ErrorMessage;
import org.credrelay.proto.messages.v1.HandshakeMessage;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class SendMessageTest extends ConnectorIntegrationTest {

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

  private List<ReceivedMessage> inbox(TestParty party) {
    return party
        .stub(channel)
        .getMessagesPaginated(GetMessagesPaginatedRequest.getDefaultInstance())
        .getMessagesList();
  }

  @Test
  void sendMessage_encryptedToRecipientKey_isDeliveredByteForByteInBothDirections() {
    byte[] toHolder = encryptedTo(holder);
    byte[] toIssuer = encryptedTo(issuer);

    String id = issuer.stub(channel).sendMessage(sendRequest(connectionId, toHolder)).getId();
    holder.stub(channel).sendMessage(sendRequest(connectionId, toIssuer));

    assertThat(inbox(holder))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getId()).isEqualTo(id);
              assertThat(m.getConnectionId()).isEqualTo(connectionId);
              assertThat(m.getMessage().toByteArray()).isEqualTo(toHolder);
            });
    assertThat(inbox(issuer))
        .singleElement()
        .satisfies(m -> assertThat(m.getMessage().toByteArray()).isEqualTo(toIssuer));
  }

  @Test
  void sendMessage_handshakeAndErrorMessages_areAcceptedInPlaintext() {
    byte[] handshake =
        AtalaMessage.newBuilder()
            .setHandshakeMessage(
                HandshakeMessage.newBuilder()
                    .setJwt("eyJ.a.b")
                    .setStep(HandshakeStep.HANDSHAKE_STEP_HOLDER_HELLO))
            .build()
            .toByteArray();
    byte[] error =
        AtalaMessage.newBuilder()
            .setError(ErrorMessage.newBuilder().setCode("HANDSHAKE_FAILED"))
            .build()
            .toByteArray();

    holder.stub(channel).sendMessage(sendRequest(connectionId, handshake));
    holder.stub(channel).sendMessage(sendRequest(connectionId, error));

    assertThat(inbox(issuer)).hasSize(2);
  }

  @Test
  void sendMessage_plaintextCredential_isFailedPrecondition() {
    byte[] credential =
        AtalaMessage.newBuilder()
            .setCredential(
                CredentialMessage.newBuilder()
                    .setCredentialId("c1")
                    .setDocument(ByteString.copyFromUtf8("{\"secret\":1}")))
            .build()
            .toByteArray();

    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, credential)),
        ErrorReason.MESSAGE_KIND_REFUSED);
    assertThat(inbox(holder)).isEmpty();
  }

  @Test
  void sendMessage_credentialSmuggledBehindAnEncryptedMessage_isInvalidArgument() {
    byte[] credential =
        AtalaMessage.newBuilder()
            .setCredential(
                CredentialMessage.newBuilder()
                    .setCredentialId("c1")
                    .setDocument(ByteString.copyFromUtf8("{\"secret\":1}")))
            .build()
            .toByteArray();
    // The parser keeps the last oneof member: credential bytes followed by an EncryptedMessage.
    byte[] smuggled = new byte[credential.length + encryptedTo(holder).length];
    byte[] encrypted = encryptedTo(holder);
    System.arraycopy(credential, 0, smuggled, 0, credential.length);
    System.arraycopy(encrypted, 0, smuggled, credential.length, encrypted.length);

    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, smuggled)),
        ErrorReason.INVALID_MESSAGE);
  }

  @Test
  void sendMessage_malformedOrEmpty_isInvalidArgument() {
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .sendMessage(sendRequest(connectionId, new byte[] {(byte) 0xff, 0x01, 0x02})),
        ErrorReason.INVALID_MESSAGE);
    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, new byte[0])),
        ErrorReason.INVALID_MESSAGE);
    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest("not-a-uuid", encryptedTo(holder))),
        ErrorReason.INVALID_ID);
  }

  @Test
  void sendMessage_toAKeyThatIsNotTheRecipients_isFailedPrecondition() {
    // The sender's own key, a key of another party, and a revoked recipient key.
    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(issuer))),
        ErrorReason.RECIPIENT_KEY_NOT_ACTIVE);
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .sendMessage(sendRequest(connectionId, encryptedTo(TestParty.holder(clock)))),
        ErrorReason.RECIPIENT_KEY_NOT_ACTIVE);
    registry.revoke(holder.communication().kid());
    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))),
        ErrorReason.RECIPIENT_KEY_NOT_ACTIVE);
  }

  @Test
  void sendMessage_retryAfterTheRecipientKeyWasRevoked_answersTheOriginalId() {
    SendMessageRequest request =
        sendRequest(connectionId, encryptedTo(holder)).toBuilder()
            .setClientMessageId("sent-before-revocation")
            .build();
    String first = issuer.stub(channel).sendMessage(request).getId();
    registry.revoke(holder.communication().kid());

    assertThat(issuer.stub(channel).sendMessage(request).getId()).isEqualTo(first);
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .sendMessage(
                    request.toBuilder().setClientMessageId("sent-after-revocation").build()),
        ErrorReason.RECIPIENT_KEY_NOT_ACTIVE);
    assertThat(inbox(holder)).hasSize(1);
  }

  @Test
  void sendMessages_clientIdsWithArraySyntaxCharacters_areStoredAndMatchedExactly() {
    // The store passes a batch as SQL arrays; ids must survive quoting and escaping unchanged.
    List<String> ids =
        List.of("a\"quote", "comma,brace{}", "back\\slash", "NULL", "üñí€ode", " spaced ");
    SendMessagesRequest.Builder batch = SendMessagesRequest.newBuilder();
    for (String id : ids) {
      batch.addMessages(
          sendRequest(connectionId, encryptedTo(holder)).toBuilder().setClientMessageId(id));
    }
    SendMessagesRequest request = batch.build();

    List<String> first = issuer.stub(channel).sendMessages(request).getIdsList();
    List<String> again = issuer.stub(channel).sendMessages(request).getIdsList();

    assertThat(again).isEqualTo(first);
    assertThat(inbox(holder)).hasSize(ids.size());
    assertThat(
            jdbc.queryForList(
                "SELECT client_message_id FROM messages WHERE recipient_id = ?"
                    + " AND client_message_id IS NOT NULL",
                String.class,
                holder.id()))
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void sendMessage_registryUnreachable_isUnavailable() {
    registry.setUnavailable(true);

    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))),
        ErrorReason.KEY_REGISTRY_UNAVAILABLE);
  }

  @Test
  void sendMessage_sameClientIdSameBytes_returnsOriginalId_otherBytes_isAlreadyExists() {
    byte[] message = encryptedTo(holder);
    SendMessageRequest request =
        sendRequest(connectionId, message).toBuilder().setClientMessageId("credential-42").build();

    registry.setMaxAgeSeconds(60); // the caller's key may be cached, not the answer for the retry
    String first = issuer.stub(channel).sendMessage(request).getId();
    registry.setUnavailable(true); // a retry needs no recipient key check
    String retry = issuer.stub(channel).sendMessage(request).getId();
    registry.setUnavailable(false);

    assertThat(retry).isEqualTo(first);
    assertThat(inbox(holder)).hasSize(1);
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .sendMessage(
                    request.toBuilder()
                        .setMessage(ByteString.copyFrom(encryptedTo(holder)))
                        .build()),
        ErrorReason.CLIENT_MESSAGE_ID_REUSED);
  }

  @Test
  void sendMessages_isAtomic_oneRefusedEntryStoresNothingAndNamesTheEntry() {
    SendMessagesRequest batch =
        SendMessagesRequest.newBuilder()
            .addMessages(sendRequest(connectionId, encryptedTo(holder)))
            .addMessages(sendRequest(connectionId, encryptedTo(holder)))
            .addMessages(sendRequest(connectionId, encryptedTo(issuer)))
            .build();

    assertRefused(
            () -> issuer.stub(channel).sendMessages(batch), ErrorReason.RECIPIENT_KEY_NOT_ACTIVE)
        .satisfies(e -> ErrorReasons.assertEntry(e, 2));
    assertThat(inbox(holder)).isEmpty();

    List<String> ids =
        issuer.stub(channel).sendMessages(batch.toBuilder().removeMessages(2).build()).getIdsList();
    assertThat(inbox(holder)).extracting(ReceivedMessage::getId).containsExactlyElementsOf(ids);
  }

  @Test
  void sendMessages_clientIdConflictInTheStore_rollsBackTheWholeBatch() {
    issuer
        .stub(channel)
        .sendMessage(
            sendRequest(connectionId, encryptedTo(holder)).toBuilder()
                .setClientMessageId("dup")
                .build());
    SendMessagesRequest batch =
        SendMessagesRequest.newBuilder()
            .addMessages(sendRequest(connectionId, encryptedTo(holder)))
            .addMessages(
                sendRequest(connectionId, encryptedTo(holder)).toBuilder()
                    .setClientMessageId("dup"))
            .build();

    assertRefused(
            () -> issuer.stub(channel).sendMessages(batch), ErrorReason.CLIENT_MESSAGE_ID_REUSED)
        .satisfies(e -> ErrorReasons.assertEntry(e, 1));
    assertThat(inbox(holder)).hasSize(1);
  }

  @Test
  void sendMessage_tooLarge_isResourceExhausted() {
    // Over connector.messages.max-message-size (64 KB in tests), under the transport limit.
    byte[] big =
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                org.credrelay.proto.messages.v1.EncryptedMessage.newBuilder()
                    .setKeyId(holder.communication().kid())
                    .setEncryptedContent(ByteString.copyFrom(new byte[70 * 1024])))
            .build()
            .toByteArray();
    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, big)),
        ErrorReason.MESSAGE_TOO_LARGE);

    // Over the transport limit (max-batch-size + framing): refused before the service sees it.
    byte[] huge = new byte[400 * 1024];
    assertTransportStatus(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, huge)),
        Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void sendMessage_onAnotherPartysConnection_isPermissionDenied() {
    TestParty stranger = registeredIssuer();

    assertRefused(
        () -> stranger.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))),
        ErrorReason.NOT_A_CONNECTION_SIDE);
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .sendMessage(
                    sendRequest(java.util.UUID.randomUUID().toString(), encryptedTo(holder))),
        ErrorReason.CONNECTION_NOT_FOUND);
  }

  @Test
  void sendMessage_onInvitedConnection_isFailedPrecondition() {
    ConnectionInfo invited =
        issuer
            .stub(channel)
            .getConnectionByToken(
                org.credrelay.proto.connector.v1.GetConnectionByTokenRequest.newBuilder()
                    .setToken(newToken(issuer))
                    .build())
            .getConnection();

    assertRefused(
        () ->
            issuer
                .stub(channel)
                .sendMessage(sendRequest(invited.getConnectionId(), encryptedTo(holder))),
        ErrorReason.CONNECTION_NOT_CONNECTED);
  }

  @Test
  void sendMessage_afterARevocationByAnotherReplica_isRefusedAndNothingIsStored() {
    // The first send makes this replica remember the connection as CONNECTED.
    issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder)));
    // Another replica revokes: only the row changes, this replica's memory does not.
    jdbc.update(
        "UPDATE connections SET state = 'REVOKED', revoked_at = now() WHERE id = ?",
        java.util.UUID.fromString(connectionId));

    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))),
        ErrorReason.CONNECTION_REVOKED);
    assertThat(inbox(holder)).hasSize(1);
  }

  @Test
  void sendMessage_afterRevocationOnThisReplica_namesTheState() {
    issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder)));
    holder
        .stub(channel)
        .revokeConnection(
            RevokeConnectionRequest.newBuilder().setConnectionId(connectionId).build());

    assertRefused(
        () -> issuer.stub(channel).sendMessage(sendRequest(connectionId, encryptedTo(holder))),
        ErrorReason.CONNECTION_REVOKED);
  }
}
