package org.credrelay.connector.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenResponse;
import org.credrelay.proto.connector.v1.GetConnectionByTokenRequest;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysRequest;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoRequest;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoResponse;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;
import org.junit.jupiter.api.Test;

class ConnectionLifecycleTest extends ConnectorIntegrationTest {

  @Test
  void generateConnectionToken_createsUniqueHighEntropyTokensWithInvitedConnections() {
    TestParty issuer = registeredIssuer();

    GenerateConnectionTokenResponse response =
        issuer
            .stub(channel)
            .generateConnectionToken(
                GenerateConnectionTokenRequest.newBuilder().setCount(5).build());

    assertThat(response.getTokensList())
        .hasSize(5)
        .doesNotHaveDuplicates()
        .allSatisfy(
            token ->
                assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16));
    assertThat(response.getConnectionIdsList()).hasSize(5).doesNotHaveDuplicates();
    ConnectionInfo info =
        issuer
            .stub(channel)
            .getConnectionByToken(
                GetConnectionByTokenRequest.newBuilder().setToken(response.getTokens(0)).build())
            .getConnection();
    assertThat(info.getState()).isEqualTo(ConnectionState.CONNECTION_STATE_INVITED);
    assertThat(info.getConnectionId()).isEqualTo(response.getConnectionIds(0));
    assertThat(info.getParticipantDid()).isEqualTo(issuer.did());
  }

  @Test
  void generateConnectionToken_byUnregisteredDid_isPermissionDenied() {
    TestParty stranger = TestParty.participant("stranger", clock);

    assertRefused(
        () ->
            stranger
                .stub(channel)
                .generateConnectionToken(GenerateConnectionTokenRequest.getDefaultInstance()),
        ErrorReason.NOT_A_PARTICIPANT);
  }

  @Test
  void getConnectionTokenInfo_isPublicAndNamesTheIssuer() {
    TestParty issuer = registeredIssuer();
    String token = newToken(issuer);

    GetConnectionTokenInfoResponse info =
        ConnectorServiceGrpc.newBlockingStub(channel)
            .getConnectionTokenInfo(
                GetConnectionTokenInfoRequest.newBuilder().setToken(token).build());

    assertThat(info.getParticipantDid()).isEqualTo(issuer.did());
    assertThat(info.getParticipantName()).startsWith("Issuer ");
    assertThat(info.getParticipantRole()).isEqualTo(ParticipantRole.PARTICIPANT_ROLE_ISSUER);
    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel)
                .getConnectionTokenInfo(
                    GetConnectionTokenInfoRequest.newBuilder().setToken("not a token").build()),
        ErrorReason.INVALID_TOKEN);
    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel)
                .getConnectionTokenInfo(
                    GetConnectionTokenInfoRequest.newBuilder().setToken("A".repeat(32)).build()),
        ErrorReason.TOKEN_NOT_FOUND);
  }

  @Test
  void addConnectionFromToken_connectsAndRegistersHolderKeys() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);

    ConnectionInfo connection = connect(issuer, holder);

    assertThat(connection.getState()).isEqualTo(ConnectionState.CONNECTION_STATE_CONNECTED);
    assertThat(connection.getHolderKeyId()).isEqualTo(holder.authentication().kid());
    assertThat(connection.hasConnectedAt()).isTrue();
    assertThat(registry.connectionKeys(connection.getConnectionId()))
        .extracting(k -> k.getKeyId())
        .containsExactlyInAnyOrder(holder.authentication().kid(), holder.communication().kid());
    assertRefused(
        () ->
            ConnectorServiceGrpc.newBlockingStub(channel)
                .getConnectionTokenInfo(
                    GetConnectionTokenInfoRequest.newBuilder()
                        .setToken(connection.getToken())
                        .build()),
        ErrorReason.TOKEN_ALREADY_USED);
  }

  @Test
  void addConnectionFromToken_usedToken_isRefusedAndTheRefusalIsVisibleToTheIssuer() {
    TestParty issuer = registeredIssuer();
    ConnectionInfo first = connect(issuer, TestParty.holder(clock));
    TestParty intruder = TestParty.holder(clock);

    assertRefused(
        () ->
            intruder
                .stub(channel)
                .addConnectionFromToken(acceptRequest(intruder, first.getToken())),
        ErrorReason.TOKEN_ALREADY_USED);

    ConnectionInfo seen =
        issuer
            .stub(channel)
            .getConnectionByToken(
                GetConnectionByTokenRequest.newBuilder().setToken(first.getToken()).build())
            .getConnection();
    assertThat(seen.getRefusedAccepts()).isEqualTo(1);
    assertThat(seen.hasLastRefusedAt()).isTrue();
    assertThat(seen.getHolderKeyId()).isEqualTo(first.getHolderKeyId());
  }

  @Test
  void addConnectionFromToken_twoHoldersAtOnce_exactlyOneConnects() throws Exception {
    TestParty issuer = registeredIssuer();
    String token = newToken(issuer);
    List<TestParty> holders = List.of(TestParty.holder(clock), TestParty.holder(clock));
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.CompletableFuture<Status.Code>> attempts =
        holders.stream()
            .map(
                h ->
                    java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                            h.stub(channel).addConnectionFromToken(acceptRequest(h, token));
                            return Status.Code.OK;
                          } catch (io.grpc.StatusRuntimeException e) {
                            return e.getStatus().getCode();
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                        }))
            .toList();
    go.countDown();

    List<Status.Code> outcomes = new java.util.ArrayList<>();
    for (var attempt : attempts) {
      outcomes.add(attempt.get(30, java.util.concurrent.TimeUnit.SECONDS));
    }

    assertThat(outcomes).containsExactlyInAnyOrder(Status.Code.OK, Status.Code.FAILED_PRECONDITION);
    ConnectionInfo seen =
        issuer
            .stub(channel)
            .getConnectionByToken(GetConnectionByTokenRequest.newBuilder().setToken(token).build())
            .getConnection();
    assertThat(seen.getState()).isEqualTo(ConnectionState.CONNECTION_STATE_CONNECTED);
    assertThat(seen.getRefusedAccepts()).isEqualTo(1);
  }

  @Test
  void addConnectionFromToken_expiredToken_isRefusedAndCounted() {
    TestParty issuer = registeredIssuer();
    String token = newToken(issuer);
    clock.advance(Duration.ofDays(8));
    TestParty holder = TestParty.holder(clock);

    assertRefused(
        () -> holder.stub(channel).addConnectionFromToken(acceptRequest(holder, token)),
        ErrorReason.TOKEN_EXPIRED);

    ConnectionInfo seen =
        issuer
            .stub(channel)
            .getConnectionByToken(GetConnectionByTokenRequest.newBuilder().setToken(token).build())
            .getConnection();
    assertThat(seen.getState()).isEqualTo(ConnectionState.CONNECTION_STATE_EXPIRED);
    assertThat(seen.getRefusedAccepts()).isEqualTo(1);
  }

  @Test
  void addConnectionFromToken_badKeyBindingProof_isUnauthenticatedAndChangesNothing() {
    TestParty issuer = registeredIssuer();
    String token = newToken(issuer);
    TestParty holder = TestParty.holder(clock);

    assertRefused(
        () ->
            holder
                .stub(channel)
                .addConnectionFromToken(
                    acceptRequest(holder, token).toBuilder()
                        .setKeyBindingProof(
                            ByteString.copyFrom(holder.keyBindingProof("other-token")))
                        .build()),
        ErrorReason.KEY_BINDING_PROOF_INVALID);

    assertThat(
            issuer
                .stub(channel)
                .getConnectionByToken(
                    GetConnectionByTokenRequest.newBuilder().setToken(token).build())
                .getConnection()
                .getState())
        .isEqualTo(ConnectionState.CONNECTION_STATE_INVITED);
  }

  @Test
  void addConnectionFromToken_signedByAnotherKeyThanPresented_isUnauthenticated() {
    TestParty issuer = registeredIssuer();
    String token = newToken(issuer);
    TestParty holder = TestParty.holder(clock);
    TestParty other = TestParty.holder(clock);

    assertRefused(
        () -> other.stub(channel).addConnectionFromToken(acceptRequest(holder, token)),
        ErrorReason.BAD_SIGNATURE);
  }

  @Test
  void addConnectionFromToken_malformedKeys_isInvalidArgument() {
    TestParty issuer = registeredIssuer();
    String token = newToken(issuer);
    TestParty holder = TestParty.holder(clock);

    // An authentication key where the communication key belongs (wrong curve for the usage).
    assertRefused(
        () ->
            holder
                .stub(channel)
                .addConnectionFromToken(
                    acceptRequest(holder, token).toBuilder()
                        .setHolderCommunicationKey(
                            acceptRequest(holder, token).getHolderAuthenticationKey())
                        .build()),
        ErrorReason.INVALID_HOLDER_KEY);
    // A private key.
    assertRefused(
        () ->
            holder
                .stub(channel)
                .addConnectionFromToken(
                    acceptRequest(holder, token).toBuilder()
                        .setHolderCommunicationKey(
                            org.credrelay.proto.common.v1.PublicKey.newBuilder()
                                .setJwk(holder.communication().toPrivateJson()))
                        .build()),
        ErrorReason.INVALID_HOLDER_KEY);
  }

  @Test
  void getConnectionByToken_ofAnotherParticipant_isPermissionDenied() {
    TestParty issuer = registeredIssuer();
    TestParty other = registeredIssuer();
    String token = newToken(issuer);

    assertRefused(
        () ->
            other
                .stub(channel)
                .getConnectionByToken(
                    GetConnectionByTokenRequest.newBuilder().setToken(token).build()),
        ErrorReason.NOT_A_CONNECTION_SIDE);
  }

  @Test
  void revokeConnection_byEitherSide_isIdempotentAndOnlyForSides() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    ConnectionInfo connection = connect(issuer, holder);
    RevokeConnectionRequest revoke =
        RevokeConnectionRequest.newBuilder().setConnectionId(connection.getConnectionId()).build();

    assertRefused(
        () -> registeredIssuer().stub(channel).revokeConnection(revoke),
        ErrorReason.NOT_A_CONNECTION_SIDE);
    ConnectionInfo revoked = holder.stub(channel).revokeConnection(revoke).getConnection();
    ConnectionInfo again = issuer.stub(channel).revokeConnection(revoke).getConnection();

    assertThat(revoked.getState()).isEqualTo(ConnectionState.CONNECTION_STATE_REVOKED);
    assertThat(again.getRevokedAt()).isEqualTo(revoked.getRevokedAt());
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .sendMessage(sendRequest(connection.getConnectionId(), encryptedTo(holder))),
        ErrorReason.CONNECTION_REVOKED);
    assertRefused(
        () ->
            issuer
                .stub(channel)
                .revokeConnection(
                    RevokeConnectionRequest.newBuilder()
                        .setConnectionId(java.util.UUID.randomUUID().toString())
                        .build()),
        ErrorReason.CONNECTION_NOT_FOUND);
  }

  @Test
  void getConnectionCommunicationKeys_returnsTheOtherSidesActiveCommunicationKeys() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    ConnectionInfo connection = connect(issuer, holder);
    GetConnectionCommunicationKeysRequest request =
        GetConnectionCommunicationKeysRequest.newBuilder()
            .setConnectionId(connection.getConnectionId())
            .build();

    List<ConnectionKey> holderKeys =
        issuer.stub(channel).getConnectionCommunicationKeys(request).getKeysList();
    List<ConnectionKey> issuerKeys =
        holder.stub(channel).getConnectionCommunicationKeys(request).getKeysList();

    assertThat(holderKeys)
        .extracting(ConnectionKey::getKeyId)
        .containsExactly(holder.communication().kid());
    assertThat(issuerKeys)
        .extracting(ConnectionKey::getKeyId)
        .containsExactly(issuer.communication().kid());
    assertThat(issuerKeys)
        .allSatisfy(k -> assertThat(k.getUsage()).isEqualTo(KeyUsage.KEY_USAGE_COMMUNICATION));
    assertThat(new HashSet<>(issuerKeys.stream().map(k -> k.getPublicKey().getJwk()).toList()))
        .containsExactly(issuer.communication().publicKey().toJson());
    assertRefused(
        () -> TestParty.holder(clock).stub(channel).getConnectionCommunicationKeys(request),
        ErrorReason.REQUEST_NOT_AUTHENTICATED); // an unknown holder key
  }
}
