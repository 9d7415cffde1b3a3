package org.credrelay.issuergateway.connectorclient;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.issuergateway.config.UpstreamProperties;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.connector.v1.AcknowledgeMessagesRequest;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenResponse;
import org.credrelay.proto.connector.v1.GetConnectionByTokenRequest;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.credrelay.rpcsigning.RequestSigningInterceptor;
import org.springframework.stereotype.Component;

/**
 * The connector as seen by one issuer: every call is signed with the tenant's ACTIVE authentication
 * key and DID ({@link RequestSigningInterceptor}). Failures surface as {@link
 * StatusRuntimeException} (see {@link GrpcFailures}). The connector is untrusted: callers validate
 * what it returns.
 */
@Component
public class ConnectorClient {

  private final Channel channel;
  private final ChannelReadiness readiness;
  private final Clock clock;
  private final SecureRandom random;
  private final long deadlineMillis;

  ConnectorClient(
      UpstreamChannels channels, UpstreamProperties properties, Clock clock, SecureRandom random) {
    ManagedChannel managed = channels.open(properties.connectorChannel());
    this.channel = managed;
    this.readiness = new ChannelReadiness(managed, properties.connectorChannel()).start();
    this.clock = clock;
    this.random = random;
    this.deadlineMillis = properties.deadline().toMillis();
  }

  /**
   * Runs {@code listener} each time the channel to the connector becomes READY after it was not
   * (the connector is reachable again); on a gRPC thread, so it must return quickly.
   */
  public void onReady(Runnable listener) {
    readiness.onReady(listener);
  }

  /** Registers the issuer as participant; registering again with the same name is a success. */
  public void registerParticipant(SigningIdentity issuer, String name) {
    try {
      stub(issuer)
          .registerParticipant(
              RegisterParticipantRequest.newBuilder()
                  .setDid(issuer.did())
                  .setName(name)
                  .setRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER)
                  .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  /** One new single-use token and the connection it starts. */
  public NewConnectionToken generateToken(SigningIdentity issuer) {
    GenerateConnectionTokenResponse response =
        stub(issuer)
            .generateConnectionToken(
                GenerateConnectionTokenRequest.newBuilder().setCount(1).build());
    if (response.getTokensCount() != 1 || response.getConnectionIdsCount() != 1) {
      throw Status.INTERNAL
          .withDescription(
              "connector returned " + response.getTokensCount() + " tokens for a request of 1")
          .asRuntimeException();
    }
    return new NewConnectionToken(
        response.getTokens(0), response.getConnectionIds(0), instant(response.getExpiresAt()));
  }

  public ConnectionInfo connectionByToken(SigningIdentity issuer, String token) {
    return stub(issuer)
        .getConnectionByToken(GetConnectionByTokenRequest.newBuilder().setToken(token).build())
        .getConnection();
  }

  /** Revokes a connection (idempotent at the connector). */
  public void revokeConnection(SigningIdentity issuer, String connectionId) {
    stub(issuer)
        .revokeConnection(
            RevokeConnectionRequest.newBuilder().setConnectionId(connectionId).build());
  }

  /** The holder's ACTIVE communication keys as the connector reports them (untrusted). */
  public List<ConnectionKey> communicationKeys(SigningIdentity issuer, String connectionId) {
    return stub(issuer)
        .getConnectionCommunicationKeys(
            GetConnectionCommunicationKeysRequest.newBuilder()
                .setConnectionId(connectionId)
                .build())
        .getKeysList();
  }

  /**
   * Sends one serialized AtalaMessage; {@code clientMessageId} makes it idempotent: the same id
   * with the same bytes returns the original message id.
   */
  public String send(
      SigningIdentity issuer, String connectionId, byte[] message, String clientMessageId) {
    return stub(issuer)
        .sendMessage(
            SendMessageRequest.newBuilder()
                .setConnectionId(connectionId)
                .setMessage(ByteString.copyFrom(message))
                .setClientMessageId(clientMessageId)
                .build())
        .getId();
  }

  /**
   * Sends several messages atomically ({@code SendMessages}): all are stored or none is, and the
   * first refused entry fails the call (its index in the status description). Each entry is
   * idempotent by its client message id as in {@link #send}.
   *
   * @return the connector's message ids, in request order
   */
  public List<String> sendAll(SigningIdentity issuer, List<OutgoingMessage> messages) {
    SendMessagesRequest.Builder request = SendMessagesRequest.newBuilder();
    for (OutgoingMessage message : messages) {
      request.addMessages(
          SendMessageRequest.newBuilder()
              .setConnectionId(message.connectionId())
              .setMessage(ByteString.copyFrom(message.message()))
              .setClientMessageId(message.clientMessageId()));
    }
    List<String> ids = stub(issuer).sendMessages(request.build()).getIdsList();
    if (ids.size() != messages.size()) {
      throw Status.INTERNAL
          .withDescription(
              "connector returned " + ids.size() + " ids for " + messages.size() + " messages")
          .asRuntimeException();
    }
    return ids;
  }

  /**
   * The issuer's message stream after {@code lastSeenMessageId} (empty = whole backlog). No
   * deadline: run it inside a cancellable {@link io.grpc.Context} to stop it.
   */
  public Iterator<GetMessageStreamResponse> messageStream(
      SigningIdentity issuer, String lastSeenMessageId) {
    return signed(issuer)
        .getMessageStream(
            GetMessageStreamRequest.newBuilder()
                .setLastSeenMessageId(lastSeenMessageId == null ? "" : lastSeenMessageId)
                .build());
  }

  /**
   * Acknowledges messages the gateway has processed durably; the connector deletes them
   * (PROTOCOL.md 5.9). Idempotent.
   *
   * @return how many this call acknowledged
   */
  public int acknowledge(SigningIdentity issuer, List<String> messageIds) {
    return stub(issuer)
        .acknowledgeMessages(
            AcknowledgeMessagesRequest.newBuilder().addAllMessageIds(messageIds).build())
        .getAcknowledgedCount();
  }

  private ConnectorServiceBlockingStub stub(SigningIdentity issuer) {
    return signed(issuer).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
  }

  private ConnectorServiceBlockingStub signed(SigningIdentity issuer) {
    RequestSigner signer =
        new RequestSigner(issuer.authenticationKey(), issuer.did(), clock, random);
    return ConnectorServiceGrpc.newBlockingStub(
        ClientInterceptors.intercept(channel, new RequestSigningInterceptor(signer)));
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
