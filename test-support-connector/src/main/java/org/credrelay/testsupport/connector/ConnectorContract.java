package org.credrelay.testsupport.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AcknowledgeMessagesRequest;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.DeletePushTargetRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GetConnectionByTokenRequest;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysRequest;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoRequest;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoResponse;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.PushProvider;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.connector.v1.RegisterPushTargetRequest;
import org.credrelay.proto.connector.v1.RegisterPushTargetResponse;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.proto.messages.v1.HandshakeMessage;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.junit.jupiter.api.Test;

/**
 * The connector's behaviour as its clients rely on it, written against the gRPC API through a real
 * channel with signed calls. {@code FakeConnectorContractTest} runs it against {@link
 * FakeConnector} and connector-service's {@code ConnectorContractTest} against the real connector
 * on PostgreSQL: a difference fails one of them, so the fake cannot drift from the real one.
 *
 * <p>Refusals are checked by status code and by the presence of a {@code google.rpc.ErrorInfo} in
 * domain {@code credrelay.org}; reasons are left to the connector's own tests. Every test makes its
 * own parties, so the suite runs on a shared connector.
 */
public abstract class ConnectorContract {

  protected static final Duration WAIT = Duration.ofSeconds(10);

  /** A channel to the connector under test. */
  protected abstract Channel channel();

  /** The connector's clock (requests are signed with it). */
  protected abstract Clock clock();

  /** Moves the connector's clock forward (the implementation resets it after each test). */
  protected abstract void advanceClock(Duration by);

  /** Makes {@code keys} ACTIVE keys of {@code did} in the key registry the connector asks. */
  protected abstract void registerDidKeys(String did, List<PublicKeyJwk> keys);

  /** connector.messages.max-message-size of the connector under test. */
  protected abstract long maxMessageBytes();

  /** connector.messages.max-page-bytes of the connector under test. */
  protected abstract long maxPageBytes();

  // ---- tokens and connections -----------------------------------------------------------------

  @Test
  void tokenInfo_namesTheParticipantThatGeneratedTheToken() {
    ContractParty issuer = registeredIssuer("Token Info University");
    String token = newToken(issuer);

    GetConnectionTokenInfoResponse info =
        ConnectorServiceGrpc.newBlockingStub(channel())
            .getConnectionTokenInfo(
                GetConnectionTokenInfoRequest.newBuilder().setToken(token).build());

    assertThat(info.getParticipantDid()).isEqualTo(issuer.did());
    assertThat(info.getParticipantName()).isEqualTo("Token Info University");
    assertThat(info.getParticipantRole()).isEqualTo(ParticipantRole.PARTICIPANT_ROLE_ISSUER);
    assertThat(info.getExpiresAt().getSeconds()).isGreaterThan(clock().instant().getEpochSecond());
  }

  @Test
  void acceptingAToken_connectsTheHolder_andTheParticipantSeesTheConnection() {
    ContractParty issuer = registeredIssuer("Accept University");
    ContractParty holder = ContractParty.holder(clock());
    String token = newToken(issuer);

    ConnectionInfo accepted =
        holder.stub(channel()).addConnectionFromToken(accept(holder, token)).getConnection();
    ConnectionInfo seen =
        issuer
            .stub(channel())
            .getConnectionByToken(GetConnectionByTokenRequest.newBuilder().setToken(token).build())
            .getConnection();

    assertThat(accepted.getState()).isEqualTo(ConnectionState.CONNECTION_STATE_CONNECTED);
    assertThat(accepted.getHolderKeyId()).isEqualTo(holder.id());
    assertThat(accepted.getParticipantDid()).isEqualTo(issuer.did());
    assertThat(accepted.getParticipantName()).isEqualTo("Accept University");
    assertThat(seen.getConnectionId()).isEqualTo(accepted.getConnectionId());
    assertThat(seen.getState()).isEqualTo(ConnectionState.CONNECTION_STATE_CONNECTED);
    assertThat(seen.getToken()).isEqualTo(token);
    assertThat(seen.hasConnectedAt()).isTrue();
  }

  @Test
  void acceptingAUsedToken_isRefused_andCountedForTheParticipant() {
    ContractParty issuer = registeredIssuer("Used Token University");
    String token = newToken(issuer);
    ContractParty first = ContractParty.holder(clock());
    first.stub(channel()).addConnectionFromToken(accept(first, token));
    ContractParty second = ContractParty.holder(clock());

    assertRefused(
        () -> second.stub(channel()).addConnectionFromToken(accept(second, token)),
        Status.Code.FAILED_PRECONDITION);
    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel())
                .getConnectionTokenInfo(
                    GetConnectionTokenInfoRequest.newBuilder().setToken(token).build()),
        Status.Code.FAILED_PRECONDITION);
    ConnectionInfo seen =
        issuer
            .stub(channel())
            .getConnectionByToken(GetConnectionByTokenRequest.newBuilder().setToken(token).build())
            .getConnection();
    assertThat(seen.getHolderKeyId()).isEqualTo(first.id());
    assertThat(seen.getRefusedAccepts()).isEqualTo(1);
  }

  @Test
  void anExpiredToken_isRefused_andTheParticipantSeesItExpired() {
    ContractParty issuer = registeredIssuer("Expiry University");
    ContractParty holder = ContractParty.holder(clock());
    String token = newToken(issuer);

    advanceClock(Duration.ofDays(7).plusMinutes(1));

    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel())
                .getConnectionTokenInfo(
                    GetConnectionTokenInfoRequest.newBuilder().setToken(token).build()),
        Status.Code.FAILED_PRECONDITION);
    assertRefused(
        () -> holder.stub(channel()).addConnectionFromToken(accept(holder, token)),
        Status.Code.FAILED_PRECONDITION);
    assertThat(
            issuer
                .stub(channel())
                .getConnectionByToken(
                    GetConnectionByTokenRequest.newBuilder().setToken(token).build())
                .getConnection()
                .getState())
        .isEqualTo(ConnectionState.CONNECTION_STATE_EXPIRED);
  }

  @Test
  void unknownOrMalformedTokens_areRefused() {
    var anyone = ConnectorServiceGrpc.newBlockingStub(channel());
    ContractParty holder = ContractParty.holder(clock());
    String unknown = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    assertRefused(
        () ->
            anyone.getConnectionTokenInfo(
                GetConnectionTokenInfoRequest.newBuilder().setToken(unknown).build()),
        Status.Code.NOT_FOUND);
    assertRefused(
        () ->
            anyone.getConnectionTokenInfo(
                GetConnectionTokenInfoRequest.newBuilder().setToken("not a token!").build()),
        Status.Code.INVALID_ARGUMENT);
    assertRefused(
        () -> holder.stub(channel()).addConnectionFromToken(accept(holder, unknown)),
        Status.Code.NOT_FOUND);
  }

  @Test
  void acceptingWithAKeyBindingProofForAnotherToken_isUnauthenticated() {
    ContractParty issuer = registeredIssuer("Binding University");
    ContractParty holder = ContractParty.holder(clock());
    String token = newToken(issuer);
    AddConnectionFromTokenRequest forged =
        accept(holder, token).toBuilder()
            .setKeyBindingProof(ByteString.copyFrom(holder.keyBindingProof(newToken(issuer))))
            .build();

    assertRefused(
        () -> holder.stub(channel()).addConnectionFromToken(forged), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void onlyRegisteredParticipantsGenerateTokens_andRegisteringIsIdempotent() {
    ContractParty stranger = ContractParty.participant("stranger", clock());
    registerDidKeys(
        stranger.did(),
        List.of(stranger.authentication().publicKey(), stranger.communication().publicKey()));
    assertRefused(
        () ->
            stranger
                .stub(channel())
                .generateConnectionToken(GenerateConnectionTokenRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED);

    ContractParty issuer = registeredIssuer("Twice University");
    register(issuer, "Twice University");
    assertRefused(() -> register(issuer, "Another Name"), Status.Code.ALREADY_EXISTS);
    assertRefused(
        () ->
            issuer
                .stub(channel())
                .registerParticipant(
                    RegisterParticipantRequest.newBuilder()
                        .setDid(stranger.did())
                        .setName("Not Mine")
                        .setRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER)
                        .build()),
        Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aRevokedConnection_acceptsNoMoreMessages_andRevokingAgainIsHarmless() {
    ContractParty issuer = registeredIssuer("Revoking University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    RevokeConnectionRequest revoke =
        RevokeConnectionRequest.newBuilder().setConnectionId(connectionId).build();

    ConnectionInfo revoked = holder.stub(channel()).revokeConnection(revoke).getConnection();
    ConnectionInfo again = issuer.stub(channel()).revokeConnection(revoke).getConnection();

    assertThat(revoked.getState()).isEqualTo(ConnectionState.CONNECTION_STATE_REVOKED);
    assertThat(revoked.hasRevokedAt()).isTrue();
    assertThat(again.getState()).isEqualTo(ConnectionState.CONNECTION_STATE_REVOKED);
    assertRefused(
        () -> issuer.stub(channel()).sendMessage(send(connectionId, encryptedTo(holder))),
        Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void communicationKeys_areTheOtherSidesKeys_onceConnected() {
    ContractParty issuer = registeredIssuer("Keys University");
    ContractParty holder = ContractParty.holder(clock());
    String invitedId =
        issuer
            .stub(channel())
            .generateConnectionToken(GenerateConnectionTokenRequest.getDefaultInstance())
            .getConnectionIds(0);
    String connectionId = connect(issuer, holder);

    List<ConnectionKey> holderKeys =
        issuer.stub(channel()).getConnectionCommunicationKeys(keysOf(connectionId)).getKeysList();
    List<ConnectionKey> issuerKeys =
        holder.stub(channel()).getConnectionCommunicationKeys(keysOf(connectionId)).getKeysList();

    assertThat(holderKeys)
        .extracting(ConnectionKey::getKeyId)
        .containsExactly(holder.communication().kid());
    assertThat(issuerKeys)
        .extracting(ConnectionKey::getKeyId)
        .containsExactly(issuer.communication().kid());
    assertRefused(
        () -> issuer.stub(channel()).getConnectionCommunicationKeys(keysOf(invitedId)),
        Status.Code.FAILED_PRECONDITION);
    assertRefused(
        () -> holder.stub(channel()).getConnectionCommunicationKeys(keysOf(invitedId)),
        Status.Code.PERMISSION_DENIED);
  }

  // ---- messages ---------------------------------------------------------------------------------

  @Test
  void messagesFlowBothWays_byteForByte_andEachSideReadsOnlyItsOwn() {
    ContractParty issuer = registeredIssuer("Relay University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    byte[] toHolder = encryptedTo(holder);
    byte[] toIssuer = handshake("hello from the holder");

    String toHolderId = issuer.stub(channel()).sendMessage(send(connectionId, toHolder)).getId();
    String toIssuerId = holder.stub(channel()).sendMessage(send(connectionId, toIssuer)).getId();

    List<ReceivedMessage> holderInbox = page(holder, "", 0).getMessagesList();
    List<ReceivedMessage> issuerInbox = page(issuer, "", 0).getMessagesList();
    assertThat(holderInbox)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getId()).isEqualTo(toHolderId);
              assertThat(m.getConnectionId()).isEqualTo(connectionId);
              assertThat(m.getMessage().toByteArray()).isEqualTo(toHolder);
              assertThat(m.hasReceived()).isTrue();
            });
    assertThat(issuerInbox)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getId()).isEqualTo(toIssuerId);
              assertThat(m.getMessage().toByteArray()).isEqualTo(toIssuer);
            });
  }

  @Test
  void pagesFollowSendOrder_andHasMoreSaysWhetherMoreIsWaiting() {
    ContractParty issuer = registeredIssuer("Paging University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(issuer.stub(channel()).sendMessage(send(connectionId, encryptedTo(holder))).getId());
    }

    GetMessagesPaginatedResponse first = page(holder, "", 2);
    GetMessagesPaginatedResponse second = page(holder, sent.get(1), 2);
    GetMessagesPaginatedResponse last = page(holder, sent.get(3), 2);
    GetMessagesPaginatedResponse after = page(holder, sent.get(4), 2);

    assertThat(ids(first)).containsExactlyElementsOf(sent.subList(0, 2));
    assertThat(first.getHasMore()).isTrue();
    assertThat(ids(second)).containsExactlyElementsOf(sent.subList(2, 4));
    assertThat(second.getHasMore()).isTrue();
    assertThat(ids(last)).containsExactly(sent.get(4));
    assertThat(last.getHasMore()).isFalse();
    assertThat(after.getMessagesList()).isEmpty();
    assertThat(after.getHasMore()).isFalse();
  }

  @Test
  void aPageIsCutBeforeTheMessageThatExceedsTheByteBound() {
    ContractParty issuer = registeredIssuer("Big Pages University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    byte[] large = encryptedTo(holder, (int) maxMessageBytes() - 1024);
    int perPage = (int) Math.max(1, maxPageBytes() / large.length);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < perPage + 2; i++) {
      sent.add(issuer.stub(channel()).sendMessage(send(connectionId, large)).getId());
    }

    GetMessagesPaginatedResponse first = page(holder, "", 0);
    List<String> all = new ArrayList<>(ids(first));
    GetMessagesPaginatedResponse next = first;
    while (next.getHasMore()) {
      next = page(holder, all.get(all.size() - 1), 0);
      assertThat(next.getMessagesList()).isNotEmpty();
      all.addAll(ids(next));
    }

    assertThat(ids(first)).hasSize(perPage);
    assertThat(first.getHasMore()).isTrue();
    assertThat(all).containsExactlyElementsOf(sent);
  }

  @Test
  void unknownOrMalformedCursorsAndLimits_areInvalidArguments() {
    ContractParty issuer = registeredIssuer("Cursor University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    String toHolder =
        issuer.stub(channel()).sendMessage(send(connectionId, encryptedTo(holder))).getId();

    assertRefused(
        () -> page(holder, UUID.randomUUID().toString(), 0), Status.Code.INVALID_ARGUMENT);
    assertRefused(() -> page(holder, "not-a-uuid", 0), Status.Code.INVALID_ARGUMENT);
    // A message id is a cursor only for its recipient.
    assertRefused(() -> page(issuer, toHolder, 0), Status.Code.INVALID_ARGUMENT);
    assertRefused(() -> page(holder, "", -1), Status.Code.INVALID_ARGUMENT);
    StreamCollector stream = new StreamCollector();
    holder
        .asyncStub(channel())
        .getMessageStream(
            GetMessageStreamRequest.newBuilder()
                .setLastSeenMessageId(UUID.randomUUID().toString())
                .build(),
            stream);
    try {
      assertThat(stream.awaitEnd(WAIT).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aStreamDeliversTheBacklogThenLiveMessages_withoutGapsOrDuplicates() throws Exception {
    ContractParty issuer = registeredIssuer("Stream University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(issuer.stub(channel()).sendMessage(send(connectionId, encryptedTo(holder))).getId());
    }
    StreamCollector stream = new StreamCollector();
    holder
        .asyncStub(channel())
        .getMessageStream(
            GetMessageStreamRequest.newBuilder().setLastSeenMessageId(sent.get(0)).build(), stream);
    assertThat(stream.await(2, WAIT))
        .extracting(ReceivedMessage::getId)
        .containsExactlyElementsOf(sent.subList(1, 3));

    for (int i = 0; i < 2; i++) {
      sent.add(issuer.stub(channel()).sendMessage(send(connectionId, encryptedTo(holder))).getId());
    }

    assertThat(stream.await(4, WAIT))
        .extracting(ReceivedMessage::getId)
        .containsExactlyElementsOf(sent.subList(1, 5));
    assertThat(stream.extra()).isEmpty();
  }

  @Test
  void sendingOnAnUnknownOrForeignConnection_isRefused() {
    ContractParty issuer = registeredIssuer("Foreign University");
    ContractParty other = registeredIssuer("Other University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    byte[] message = encryptedTo(holder);

    assertRefused(
        () -> issuer.stub(channel()).sendMessage(send(UUID.randomUUID().toString(), message)),
        Status.Code.NOT_FOUND);
    assertRefused(
        () -> issuer.stub(channel()).sendMessage(send("not-a-uuid", message)),
        Status.Code.INVALID_ARGUMENT);
    assertRefused(
        () -> other.stub(channel()).sendMessage(send(connectionId, message)),
        Status.Code.PERMISSION_DENIED);
  }

  @Test
  void thePolicyRefusesPlaintextCredentialsUnknownKeysAndNonMessages() {
    ContractParty issuer = registeredIssuer("Policy University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    byte[] credential =
        AtalaMessage.newBuilder()
            .setCredential(
                CredentialMessage.newBuilder()
                    .setCredentialId("c-1")
                    .setDocument(ByteString.copyFromUtf8("{}")))
            .build()
            .toByteArray();
    byte[] wrongKey =
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId("not-the-holders-key")
                    .setEncryptedContent(ByteString.copyFromUtf8("x")))
            .build()
            .toByteArray();
    var stub = issuer.stub(channel());

    assertRefused(
        () -> stub.sendMessage(send(connectionId, credential)), Status.Code.FAILED_PRECONDITION);
    assertRefused(
        () -> stub.sendMessage(send(connectionId, wrongKey)), Status.Code.FAILED_PRECONDITION);
    assertRefused(
        () -> stub.sendMessage(send(connectionId, new byte[] {(byte) 0xff, 1, 2})),
        Status.Code.INVALID_ARGUMENT);
    assertRefused(
        () -> stub.sendMessage(send(connectionId, new byte[0])), Status.Code.INVALID_ARGUMENT);
    assertThat(page(holder, "", 0).getMessagesList()).isEmpty();
  }

  @Test
  void aRepeatedClientMessageId_answersTheOriginal_orIsRefusedWithOtherBytes() {
    ContractParty issuer = registeredIssuer("Idempotent University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    byte[] message = encryptedTo(holder);
    SendMessageRequest request =
        send(connectionId, message).toBuilder()
            .setClientMessageId("delivery-" + UUID.randomUUID())
            .build();

    String first = issuer.stub(channel()).sendMessage(request).getId();
    String repeat = issuer.stub(channel()).sendMessage(request).getId();

    assertThat(repeat).isEqualTo(first);
    assertThat(ids(page(holder, "", 0))).containsExactly(first);
    assertRefused(
        () ->
            issuer
                .stub(channel())
                .sendMessage(
                    request.toBuilder()
                        .setMessage(ByteString.copyFrom(encryptedTo(holder)))
                        .build()),
        Status.Code.ALREADY_EXISTS);
  }

  @Test
  void aBatchIsStoredAtomically_andARefusalNamesTheEntry() {
    ContractParty issuer = registeredIssuer("Batch University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    SendMessageRequest good = send(connectionId, encryptedTo(holder));
    SendMessageRequest bad =
        send(
            connectionId,
            AtalaMessage.newBuilder()
                .setCredential(CredentialMessage.newBuilder().setCredentialId("c-2"))
                .build()
                .toByteArray());

    StatusRuntimeException refused =
        assertRefused(
            () ->
                issuer
                    .stub(channel())
                    .sendMessages(
                        SendMessagesRequest.newBuilder()
                            .addMessages(good)
                            .addMessages(bad)
                            .build()),
            Status.Code.FAILED_PRECONDITION);
    assertThat(refused.getStatus().getDescription()).startsWith("messages[1]: ");
    assertThat(page(holder, "", 0).getMessagesList()).isEmpty();

    SendMessageRequest second = send(connectionId, encryptedTo(holder));
    List<String> ids =
        issuer
            .stub(channel())
            .sendMessages(
                SendMessagesRequest.newBuilder().addMessages(good).addMessages(second).build())
            .getIdsList();
    assertThat(ids(page(holder, "", 0))).containsExactlyElementsOf(ids);
  }

  @Test
  void unsignedOrUnknownSigners_areUnauthenticated() {
    ContractParty issuer = registeredIssuer("Signing University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    ContractParty unknownHolder = ContractParty.holder(clock());
    ContractParty unknownDid = ContractParty.participant("unregistered", clock());

    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel())
                .sendMessage(send(connectionId, encryptedTo(holder))),
        Status.Code.UNAUTHENTICATED);
    assertRefused(
        () ->
            unknownHolder
                .stub(channel())
                .getMessagesPaginated(GetMessagesPaginatedRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED);
    assertRefused(
        () ->
            unknownDid
                .stub(channel())
                .getMessagesPaginated(GetMessagesPaginatedRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED);
  }

  // ---- acknowledgement (docs/PROTOCOL.md 5.9) ---------------------------------------------------

  @Test
  void acknowledgedMessages_areNotDeliveredAgain_andAcknowledgingAgainCountsNothing() {
    ContractParty issuer = registeredIssuer("Acknowledging University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(issuer.stub(channel()).sendMessage(send(connectionId, encryptedTo(holder))).getId());
    }

    assertThat(acknowledge(holder, List.of(sent.get(0), sent.get(1)))).isEqualTo(2);

    assertThat(ids(page(holder, "", 0))).containsExactly(sent.get(2));
    assertThat(acknowledge(holder, sent)).isEqualTo(1);
    assertThat(ids(page(holder, "", 0))).isEmpty();
    assertThat(acknowledge(holder, sent)).isZero();
    // An acknowledged id is gone: it is no longer a cursor.
    assertRefused(() -> page(holder, sent.get(2), 0), Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void unknownAndForeignIds_areSkipped_andMalformedRequestsRefused() {
    ContractParty issuer = registeredIssuer("Foreign Ack University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    String toHolder =
        issuer.stub(channel()).sendMessage(send(connectionId, encryptedTo(holder))).getId();

    assertThat(acknowledge(issuer, List.of(toHolder, UUID.randomUUID().toString()))).isZero();
    assertThat(ids(page(holder, "", 0))).containsExactly(toHolder);
    assertRefused(() -> acknowledge(holder, List.of()), Status.Code.INVALID_ARGUMENT);
    assertRefused(() -> acknowledge(holder, List.of("not a uuid")), Status.Code.INVALID_ARGUMENT);
    assertRefused(
        () -> acknowledge(holder, java.util.Collections.nCopies(501, toHolder)),
        Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void aStreamReopenedFromTheHead_redeliversWhatWasNotAcknowledged_inOrder() throws Exception {
    ContractParty issuer = registeredIssuer("Redelivery University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sent.add(issuer.stub(channel()).sendMessage(send(connectionId, encryptedTo(holder))).getId());
    }
    StreamCollector first = new StreamCollector();
    io.grpc.Context.CancellableContext dropped = io.grpc.Context.current().withCancellation();
    dropped.run(
        () ->
            holder
                .asyncStub(channel())
                .getMessageStream(GetMessageStreamRequest.getDefaultInstance(), first));
    assertThat(first.await(4, WAIT)).extracting(ReceivedMessage::getId).isEqualTo(sent);
    acknowledge(holder, List.of(sent.get(0)));
    dropped.cancel(null);

    StreamCollector second = new StreamCollector();
    holder
        .asyncStub(channel())
        .getMessageStream(GetMessageStreamRequest.getDefaultInstance(), second);

    assertThat(second.await(3, WAIT))
        .extracting(ReceivedMessage::getId)
        .containsExactlyElementsOf(sent.subList(1, 4));
    assertThat(second.extra()).isEmpty();
  }

  @Test
  void eachDeviceAcknowledgesForItself_andAMessageGoesWhenEveryKnownDeviceDid() throws Exception {
    ContractParty issuer = registeredIssuer("Two Devices University");
    ContractParty holder = ContractParty.holder(clock());
    String connectionId = connect(issuer, holder);
    devicePage(holder, "phone"); // both devices are known before the messages arrive
    devicePage(holder, "tablet");
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(issuer.stub(channel()).sendMessage(send(connectionId, encryptedTo(holder))).getId());
    }

    assertThat(deviceAcknowledge(holder, "phone", sent.subList(0, 2))).isEqualTo(2);

    assertThat(ids(devicePage(holder, "phone"))).containsExactly(sent.get(2));
    assertThat(ids(devicePage(holder, "tablet"))).containsExactlyElementsOf(sent);
    assertThat(ids(page(holder, "", 0))).containsExactlyElementsOf(sent);
    StreamCollector tablet = new StreamCollector();
    holder
        .asyncStub(channel())
        .getMessageStream(
            GetMessageStreamRequest.newBuilder().setDeviceId("tablet").build(), tablet);
    assertThat(tablet.await(3, WAIT)).extracting(ReceivedMessage::getId).isEqualTo(sent);

    assertThat(deviceAcknowledge(holder, "tablet", sent.subList(0, 1))).isEqualTo(1);
    assertThat(deviceAcknowledge(holder, "tablet", sent.subList(0, 1))).isZero();

    // Acknowledged by both: gone for everyone, also as a cursor.
    assertThat(ids(page(holder, "", 0))).containsExactlyElementsOf(sent.subList(1, 3));
    assertRefused(() -> page(holder, sent.get(0), 0), Status.Code.INVALID_ARGUMENT);
    assertRefused(
        () -> deviceAcknowledge(holder, "not a device", sent), Status.Code.INVALID_ARGUMENT);
  }

  // ---- push targets -----------------------------------------------------------------------------

  @Test
  void pushTargets_registerReplaceAndDelete_perDevice() {
    ContractParty issuer = registeredIssuer("Push University");
    ContractParty holder = ContractParty.holder(clock());
    connect(issuer, holder);

    assertThat(registerPush(holder, "phone", "token-1").getTargets()).isEqualTo(1);
    assertThat(registerPush(holder, "phone", "token-2").getTargets()).isEqualTo(1);
    assertThat(registerPush(holder, "tablet", "token-3").getTargets()).isEqualTo(2);
    assertThat(deletePush(holder, "phone")).isTrue();
    assertThat(deletePush(holder, "phone")).isFalse();
    assertRefused(() -> registerPush(holder, "no spaces", "token"), Status.Code.INVALID_ARGUMENT);
    assertRefused(
        () ->
            holder
                .stub(channel())
                .registerPushTarget(
                    RegisterPushTargetRequest.newBuilder()
                        .setDeviceId("phone")
                        .setToken("token")
                        .build()),
        Status.Code.INVALID_ARGUMENT);
  }

  private RegisterPushTargetResponse registerPush(
      ContractParty holder, String deviceId, String token) {
    return holder
        .stub(channel())
        .registerPushTarget(
            RegisterPushTargetRequest.newBuilder()
                .setDeviceId(deviceId)
                .setProvider(PushProvider.PUSH_PROVIDER_FCM)
                .setToken(token)
                .build());
  }

  private boolean deletePush(ContractParty holder, String deviceId) {
    return holder
        .stub(channel())
        .deletePushTarget(DeletePushTargetRequest.newBuilder().setDeviceId(deviceId).build())
        .getDeleted();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A participant whose DID keys are in the registry and who registered at the connector. */
  protected ContractParty registeredIssuer(String name) {
    ContractParty issuer = ContractParty.participant("issuer", clock());
    registerDidKeys(
        issuer.did(),
        List.of(issuer.authentication().publicKey(), issuer.communication().publicKey()));
    register(issuer, name);
    return issuer;
  }

  private void register(ContractParty participant, String name) {
    participant
        .stub(channel())
        .registerParticipant(
            RegisterParticipantRequest.newBuilder()
                .setDid(participant.did())
                .setName(name)
                .setRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER)
                .build());
  }

  protected String newToken(ContractParty participant) {
    return participant
        .stub(channel())
        .generateConnectionToken(GenerateConnectionTokenRequest.newBuilder().setCount(1).build())
        .getTokens(0);
  }

  protected static AddConnectionFromTokenRequest accept(ContractParty holder, String token) {
    return AddConnectionFromTokenRequest.newBuilder()
        .setToken(token)
        .setHolderAuthenticationKey(
            PublicKey.newBuilder().setJwk(holder.authentication().publicKey().toJson()))
        .setHolderCommunicationKey(
            PublicKey.newBuilder().setJwk(holder.communication().publicKey().toJson()))
        .setKeyBindingProof(ByteString.copyFrom(holder.keyBindingProof(token)))
        .build();
  }

  /** Token, acceptance: the id of a CONNECTED connection. */
  protected String connect(ContractParty participant, ContractParty holder) {
    return holder
        .stub(channel())
        .addConnectionFromToken(accept(holder, newToken(participant)))
        .getConnection()
        .getConnectionId();
  }

  private GetMessagesPaginatedResponse page(ContractParty reader, String lastSeen, int limit) {
    return reader
        .stub(channel())
        .getMessagesPaginated(
            GetMessagesPaginatedRequest.newBuilder()
                .setLastSeenMessageId(lastSeen)
                .setLimit(limit)
                .build());
  }

  private GetMessagesPaginatedResponse devicePage(ContractParty reader, String device) {
    return reader
        .stub(channel())
        .getMessagesPaginated(GetMessagesPaginatedRequest.newBuilder().setDeviceId(device).build());
  }

  private int deviceAcknowledge(ContractParty recipient, String device, List<String> ids) {
    return recipient
        .stub(channel())
        .acknowledgeMessages(
            AcknowledgeMessagesRequest.newBuilder()
                .setDeviceId(device)
                .addAllMessageIds(ids)
                .build())
        .getAcknowledgedCount();
  }

  private int acknowledge(ContractParty recipient, List<String> ids) {
    return recipient
        .stub(channel())
        .acknowledgeMessages(AcknowledgeMessagesRequest.newBuilder().addAllMessageIds(ids).build())
        .getAcknowledgedCount();
  }

  private static List<String> ids(GetMessagesPaginatedResponse page) {
    return page.getMessagesList().stream().map(ReceivedMessage::getId).toList();
  }

  private static GetConnectionCommunicationKeysRequest keysOf(String connectionId) {
    return GetConnectionCommunicationKeysRequest.newBuilder().setConnectionId(connectionId).build();
  }

  protected static SendMessageRequest send(String connectionId, byte[] message) {
    return SendMessageRequest.newBuilder()
        .setConnectionId(connectionId)
        .setMessage(ByteString.copyFrom(message))
        .build();
  }

  /** An EncryptedMessage to {@code recipient}'s communication key with unique content. */
  protected static byte[] encryptedTo(ContractParty recipient) {
    return encryptedTo(recipient, 64);
  }

  private static byte[] encryptedTo(ContractParty recipient, int contentBytes) {
    byte[] content = new byte[contentBytes];
    byte[] unique =
        UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(unique, 0, content, 0, Math.min(unique.length, contentBytes));
    return AtalaMessage.newBuilder()
        .setEncryptedMessage(
            EncryptedMessage.newBuilder()
                .setKeyId(recipient.communication().kid())
                .setEncryptedContent(ByteString.copyFrom(content)))
        .build()
        .toByteArray();
  }

  private static byte[] handshake(String jwt) {
    return AtalaMessage.newBuilder()
        .setHandshakeMessage(
            HandshakeMessage.newBuilder()
                .setJwt(jwt)
                .setStep(HandshakeStep.HANDSHAKE_STEP_HOLDER_HELLO))
        .build()
        .toByteArray();
  }

  /** Asserts the call fails with {@code code} and an ErrorInfo in the credrelay.org domain. */
  protected static StatusRuntimeException assertRefused(ThrowingCallable call, Status.Code code) {
    StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(refused).as("the call should fail with %s", code).isNotNull();
    assertThat(refused.getStatus().getCode()).as(refused.getStatus().toString()).isEqualTo(code);
    com.google.rpc.Status rich = StatusProto.fromThrowable(refused);
    assertThat(rich).as("a google.rpc.Status with details").isNotNull();
    assertThat(rich.getDetailsList())
        .anySatisfy(
            detail -> {
              try {
                assertThat(detail.unpack(ErrorInfo.class).getDomain()).isEqualTo("credrelay.org");
              } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("not an ErrorInfo", e);
              }
            });
    return refused;
  }
}
