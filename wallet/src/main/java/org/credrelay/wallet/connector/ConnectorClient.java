package org.credrelay.wallet.connector;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AcknowledgeMessagesRequest;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.DeletePushTargetRequest;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysRequest;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoRequest;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoResponse;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.PushProvider;
import org.credrelay.proto.connector.v1.RegisterPushTargetRequest;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.rpcsigning.RequestSigningInterceptor;

/**
 * The holder's calls to the connector. Every call except GetConnectionTokenInfo is signed with the
 * holder's authentication key (no DID: holders are known by their key id). Unary calls get a
 * deadline; errors surface as gRPC's {@code StatusRuntimeException}, which the SDK maps once.
 */
public final class ConnectorClient {

  /** Most ids of one AcknowledgeMessages request (the connector's default limit). */
  public static final int MAX_ACKNOWLEDGED_IDS = 500;

  private final Channel channel;
  private final String deviceId;
  private final String target;
  private final Duration rpcTimeout;
  private final ConnectorServiceGrpc.ConnectorServiceBlockingStub blocking;
  private final ConnectorServiceGrpc.ConnectorServiceStub async;

  /**
   * @param channel the channel to the connector (owned by the caller)
   * @param target how to name the connector in messages
   * @param maxInboundMessageBytes the largest response the wallet accepts (a page of messages or
   *     one streamed message); set per call, so it holds whoever built the channel
   */
  public ConnectorClient(
      Channel channel,
      String target,
      KeyPairJwk authenticationKey,
      Clock clock,
      SecureRandom random,
      Duration rpcTimeout,
      int maxInboundMessageBytes) {
    this(channel, target, authenticationKey, clock, random, rpcTimeout, maxInboundMessageBytes, "");
  }

  /**
   * As the constructor without device, reading and acknowledging as {@code deviceId} (PROTOCOL.md
   * 5.9 "Devices": the device sees a message until it acknowledged it itself; "" for none).
   */
  public ConnectorClient(
      Channel channel,
      String target,
      KeyPairJwk authenticationKey,
      Clock clock,
      SecureRandom random,
      Duration rpcTimeout,
      int maxInboundMessageBytes,
      String deviceId) {
    this.deviceId = deviceId;
    this.channel = channel;
    this.target = target;
    this.rpcTimeout = rpcTimeout;
    // Signs the rpcs the .proto files declare signed; GetConnectionTokenInfo goes out unsigned.
    RequestSigningInterceptor signing =
        new RequestSigningInterceptor(new RequestSigner(authenticationKey, null, clock, random));
    this.blocking =
        ConnectorServiceGrpc.newBlockingStub(channel)
            .withInterceptors(signing)
            .withMaxInboundMessageSize(maxInboundMessageBytes);
    this.async =
        ConnectorServiceGrpc.newStub(channel)
            .withInterceptors(signing)
            .withMaxInboundMessageSize(maxInboundMessageBytes);
  }

  public String target() {
    return target;
  }

  public Duration rpcTimeout() {
    return rpcTimeout;
  }

  /**
   * Asks the channel to connect at once on the next call instead of waiting out gRPC's own
   * reconnect timer (which grows to minutes): the wallet paces its retries itself.
   */
  public void reconnectNow() {
    if (channel instanceof ManagedChannel managed) {
      managed.resetConnectBackoff();
    }
  }

  /** Public lookup of who created a token. */
  public GetConnectionTokenInfoResponse tokenInfo(String token) {
    return unary()
        .getConnectionTokenInfo(GetConnectionTokenInfoRequest.newBuilder().setToken(token).build());
  }

  /** Accepts a token with the holder's keys and the key binding proof. */
  public ConnectionInfo addConnection(
      String token,
      PublicKeyJwk authenticationKey,
      PublicKeyJwk communicationKey,
      byte[] keyBindingProof) {
    return unary()
        .addConnectionFromToken(
            AddConnectionFromTokenRequest.newBuilder()
                .setToken(token)
                .setHolderAuthenticationKey(
                    PublicKey.newBuilder().setJwk(authenticationKey.toJson()))
                .setHolderCommunicationKey(PublicKey.newBuilder().setJwk(communicationKey.toJson()))
                .setKeyBindingProof(ByteString.copyFrom(keyBindingProof))
                .build())
        .getConnection();
  }

  /** Sends one message; idempotent per {@code clientMessageId}. Returns the connector's id. */
  public String send(String connectionId, AtalaMessage message, String clientMessageId) {
    return unary()
        .sendMessage(
            SendMessageRequest.newBuilder()
                .setConnectionId(connectionId)
                .setMessage(message.toByteString())
                .setClientMessageId(clientMessageId)
                .build())
        .getId();
  }

  /**
   * One page of at most {@code limit} messages after {@code lastSeenMessageId} ("" for the oldest).
   * The connector also bounds the page in bytes (PROTOCOL.md 5.5).
   */
  public MessagePage messagesAfter(String lastSeenMessageId, int limit) {
    GetMessagesPaginatedResponse response =
        unary()
            .getMessagesPaginated(
                GetMessagesPaginatedRequest.newBuilder()
                    .setLastSeenMessageId(lastSeenMessageId)
                    .setLimit(limit)
                    .setDeviceId(deviceId)
                    .build());
    return new MessagePage(response.getMessagesList(), response.getHasMore());
  }

  /**
   * Acknowledges messages the wallet has stored durably, for this device; the connector deletes
   * them once every known device of the holder did (PROTOCOL.md 5.9). Idempotent: ids already
   * acknowledged or unknown are skipped. At most {@link #MAX_ACKNOWLEDGED_IDS} ids.
   *
   * @return how many of the ids this call acknowledged
   */
  public int acknowledge(List<String> messageIds) {
    return unary()
        .acknowledgeMessages(
            AcknowledgeMessagesRequest.newBuilder()
                .addAllMessageIds(messageIds)
                .setDeviceId(deviceId)
                .build())
        .getAcknowledgedCount();
  }

  /** The issuer's ACTIVE communication keys for a connection, as the connector reports them. */
  public List<ConnectionKey> communicationKeys(String connectionId) {
    return unary()
        .getConnectionCommunicationKeys(
            GetConnectionCommunicationKeysRequest.newBuilder()
                .setConnectionId(connectionId)
                .build())
        .getKeysList();
  }

  /**
   * Registers or replaces the push target of {@code deviceId}; {@code provider} is WEBHOOK, FCM or
   * APNS. Returns how many targets the holder has now.
   */
  public int registerPushTarget(String deviceId, String provider, String token) {
    return unary()
        .registerPushTarget(
            RegisterPushTargetRequest.newBuilder()
                .setDeviceId(deviceId)
                .setProvider(PushProvider.valueOf("PUSH_PROVIDER_" + provider))
                .setToken(token)
                .build())
        .getTargets();
  }

  /** Deletes the push target of {@code deviceId}; false if there was none. */
  public boolean deletePushTarget(String deviceId) {
    return unary()
        .deletePushTarget(DeletePushTargetRequest.newBuilder().setDeviceId(deviceId).build())
        .getDeleted();
  }

  /** Opens the message stream after {@code lastSeenMessageId}. */
  public MessageFeed openFeed(String lastSeenMessageId) {
    return MessageFeed.open(async, lastSeenMessageId, deviceId);
  }

  private ConnectorServiceGrpc.ConnectorServiceBlockingStub unary() {
    return blocking.withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
