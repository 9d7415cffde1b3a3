package org.credrelay.testsupport.connector;

import com.google.protobuf.MessageLite;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AcknowledgeMessagesRequest;
import org.credrelay.proto.connector.v1.AcknowledgeMessagesResponse;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenResponse;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.DeletePushTargetRequest;
import org.credrelay.proto.connector.v1.DeletePushTargetResponse;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenResponse;
import org.credrelay.proto.connector.v1.GetConnectionByTokenRequest;
import org.credrelay.proto.connector.v1.GetConnectionByTokenResponse;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysRequest;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysResponse;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoRequest;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoResponse;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.connector.v1.RegisterParticipantResponse;
import org.credrelay.proto.connector.v1.RegisterPushTargetRequest;
import org.credrelay.proto.connector.v1.RegisterPushTargetResponse;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;
import org.credrelay.proto.connector.v1.RevokeConnectionResponse;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessageResponse;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.credrelay.proto.connector.v1.SendMessagesResponse;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.testsupport.connector.FakeAuthenticator.Caller;

/**
 * The one test double of the connector for its clients (gateway, wallet): the gRPC {@code
 * ConnectorService} in memory, serving real gRPC calls ({@link #serviceDefinition()} or {@link
 * FakeConnectorServer}). It checks request signatures, tokens, connection sides and states, the
 * message policy, recipient keys, idempotent sends and batch atomicity, and pages and streams
 * messages as the real connector does, with the real connector's default limits, and keeps push
 * targets (it sends no wake-ups: {@link #pushTargets} shows what a client registered). {@link
 * ConnectorContract} runs the same behaviour tests against this fake and the real connector, so the
 * two cannot drift apart. AcknowledgeMessages hides acknowledged messages from pages and streams
 * but keeps them for inspection ({@link #messages}, {@link #isAcknowledged}); with a device id each
 * device acknowledges for itself, and a message counts as acknowledged once every known device of
 * its recipient did (docs/PROTOCOL.md 5.9 "Devices"). Not implemented: GetConnectionsPaginated (no
 * client calls it) and stream keepalives.
 *
 * <p>Beyond the API a test may play the other party with plain methods (a participant's {@link
 * #generateToken}, {@link #deliverToHolder}; a holder's {@link #accept}, {@link #fromHolder}),
 * inject failures ({@link #failWith}, {@link #loseNextAcks}, {@link #breakStreams}), play a
 * malicious connector ({@link #overrideCommunicationKeys}, {@link #injectToHolder}, ...), and
 * inspect what it received ({@link #sendCalls}, {@link #messages}, ...).
 */
public final class FakeConnector extends ConnectorServiceGrpc.ConnectorServiceImplBase {

  /**
   * One SendMessage call, or one entry of a SendMessages call ({@code batch} entries; 0 for one).
   */
  public record SendCall(
      String senderId,
      String connectionId,
      String clientMessageId,
      byte[] message,
      String outcome,
      int batch) {}

  /** A GetMessageStream call: the caller's DID (null for a holder) and its last seen id. */
  public record StreamRequest(String did, String lastSeenMessageId) {}

  /** A push target a caller registered (RegisterPushTarget). */
  public record PushTarget(
      String deviceId, org.credrelay.proto.connector.v1.PushProvider provider, String token) {}

  /** A token generated by {@link #generateToken} and its connection. */
  public record Generated(String token, String connectionId, Instant expiresAt) {}

  static final String INJECTED_BY_CONNECTOR = "connector";

  /** connector.connections.token-ttl and max-tokens-per-request (defaults). */
  private static final Duration TOKEN_TTL = Duration.ofDays(7);

  private static final int MAX_TOKENS = 100;
  private static final int DEFAULT_PAGE_SIZE = 100;
  private static final int MAX_PAGE_SIZE = 500;
  private static final int MAX_ACKNOWLEDGED_IDS = 500;

  private final Object lock = new Object();
  private final Clock clock;
  private final FakeAuthenticator authenticator;
  private final Mailbox mailbox = new Mailbox();
  private final FakeConnections connections;
  private final FakeRelay relay;
  private final FakePushTargets pushTargets = new FakePushTargets();
  private final List<Consumer<RelayedMessage>> participantListeners = new CopyOnWriteArrayList<>();
  private final List<SendCall> sendCalls = new CopyOnWriteArrayList<>();
  private final List<StreamRequest> streamRequests = new CopyOnWriteArrayList<>();
  private final List<byte[]> requestBytes = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> keyLookups = new HashMap<>();
  private final AtomicInteger addConnectionCalls = new AtomicInteger();
  private final AtomicInteger lostAcks = new AtomicInteger();
  private final AtomicInteger failedAcknowledgements = new AtomicInteger();
  private volatile Status failure;
  private volatile long maxPageBytes = 2 * 1024 * 1024;
  private volatile boolean withHasMore = true;

  /**
   * A fake whose participants' keys are in {@code didKeys} (the key registry, as the fake sees it).
   */
  public FakeConnector(Clock clock, DidKeys didKeys) {
    this.clock = clock;
    this.connections = new FakeConnections(clock, didKeys);
    this.relay = new FakeRelay(clock, connections, mailbox);
    this.authenticator =
        new FakeAuthenticator(
            clock,
            didKeys,
            kid -> {
              synchronized (lock) {
                return connections.holders.get(kid);
              }
            });
  }

  /** The service with the interceptor that hands the signed metadata to the fake. */
  public ServerServiceDefinition serviceDefinition() {
    return ServerInterceptors.intercept(this, new CallMetadata());
  }

  // ---- limits (the real connector's defaults unless set) --------------------------------------

  /** connector.messages.max-message-size (default 1 MiB). */
  public FakeConnector maxMessageBytes(long bytes) {
    relay.maxMessageBytes = bytes;
    return this;
  }

  /** connector.messages.max-batch-size (default 8 MiB). */
  public FakeConnector maxBatchBytes(long bytes) {
    relay.maxBatchBytes = bytes;
    return this;
  }

  /** connector.messages.max-page-bytes (default 2 MiB). */
  public FakeConnector maxPageBytes(long bytes) {
    this.maxPageBytes = bytes;
    return this;
  }

  /** Plays a connector that predates {@code has_more}: never sets it. */
  public FakeConnector withoutHasMore() {
    this.withHasMore = false;
    return this;
  }

  // ---- failure injection ----------------------------------------------------------------------

  /** Every RPC fails with {@code status} (e.g. UNAVAILABLE) until {@link #recover()}. */
  public void failWith(Status status) {
    failure = status;
  }

  /** Ends {@link #failWith}, {@link #loseNextAcks} and {@link #failNextAcknowledgements}. */
  public void recover() {
    failure = null;
    lostAcks.set(0);
    failedAcknowledgements.set(0);
  }

  /** The next {@code count} send calls are stored but answered with UNAVAILABLE (a lost answer). */
  public void loseNextAcks(int count) {
    lostAcks.set(count);
  }

  /**
   * The next {@code count} AcknowledgeMessages calls fail with UNAVAILABLE and acknowledge nothing
   * (the wallet crashed or lost the connector between storing and acknowledging).
   */
  public void failNextAcknowledgements(int count) {
    failedAcknowledgements.set(count);
  }

  /** Ends every open stream of {@code recipientId} (DID or holder key id) with UNAVAILABLE. */
  public void breakStreams(String recipientId) {
    synchronized (lock) {
      mailbox.endStreams(recipientId, Status.UNAVAILABLE.withDescription("stream broken by test"));
    }
  }

  /** Ends every open stream as a shutting-down server would. */
  public void dropStreams() {
    synchronized (lock) {
      mailbox.endStreams(null, Status.UNAVAILABLE.withDescription("server shutting down"));
    }
  }

  // ---- inspection -----------------------------------------------------------------------------

  public List<SendCall> sendCalls() {
    return List.copyOf(sendCalls);
  }

  public List<StreamRequest> streamRequests() {
    return List.copyOf(streamRequests);
  }

  /** Every signed request this connector received, serialized (for secret scans). */
  public List<byte[]> receivedRequestBytes() {
    return List.copyOf(requestBytes);
  }

  /** How often GetConnectionCommunicationKeys was asked about {@code connectionId}. */
  public int communicationKeyLookups(String connectionId) {
    synchronized (lock) {
      AtomicInteger count = keyLookups.get(connectionId);
      return count == null ? 0 : count.get();
    }
  }

  public int addConnectionCalls() {
    return addConnectionCalls.get();
  }

  public int openStreams(String recipientId) {
    synchronized (lock) {
      return mailbox.openStreams(recipientId);
    }
  }

  public boolean participant(String did) {
    synchronized (lock) {
      return connections.participants.containsKey(did);
    }
  }

  public ConnectionState state(String connectionId) {
    synchronized (lock) {
      return connections.require(connectionId).state(now());
    }
  }

  /** Every message held, in arrival order. */
  public List<RelayedMessage> messages() {
    synchronized (lock) {
      return mailbox.all();
    }
  }

  /** The device ids {@code recipientId} named on reads and acknowledgements, sorted. */
  public List<String> knownDevices(String recipientId) {
    synchronized (lock) {
      return mailbox.knownDevices(recipientId);
    }
  }

  /** Whether the recipient of {@code messageId} acknowledged it (AcknowledgeMessages). */
  public boolean isAcknowledged(String messageId) {
    synchronized (lock) {
      return mailbox.isAcknowledged(messageId);
    }
  }

  public RelayedMessage message(String messageId) {
    return messages().stream().filter(m -> m.id().equals(messageId)).findFirst().orElseThrow();
  }

  /** Messages to the holder of {@code connectionId}, in order. */
  public List<RelayedMessage> toHolder(String connectionId) {
    synchronized (lock) {
      FakeConnection connection = connections.require(connectionId);
      return mailbox.all().stream()
          .filter(
              m ->
                  m.connectionId().equals(connectionId)
                      && !m.recipientId().equals(connection.participantDid))
          .toList();
    }
  }

  /** Messages the holder sent on {@code connectionId}, in order. */
  public List<RelayedMessage> sentByHolder(String connectionId) {
    synchronized (lock) {
      FakeConnection connection = connections.require(connectionId);
      return mailbox.all().stream()
          .filter(
              m ->
                  m.connectionId().equals(connectionId)
                      && m.senderId().equals(connection.holderKeyId))
          .toList();
    }
  }

  /** The holder communication key registered at acceptance. */
  public PublicKeyJwk holderCommunicationKey(String connectionId) {
    synchronized (lock) {
      return connections.require(connectionId).holderCommunicationKey;
    }
  }

  // ---- the participant's side as plain methods -------------------------------------------------

  /** Registers a participant without an RPC (its keys must be in the fake's {@link DidKeys}). */
  public void registerParticipant(String did, String name, ParticipantRole role) {
    synchronized (lock) {
      connections.participants.put(did, new FakeConnections.Participant(name, role));
    }
  }

  /** Generates a token for {@code participantDid} without an RPC. */
  public Generated generateToken(String participantDid, Duration validity) {
    synchronized (lock) {
      FakeConnection connection = connections.create(participantDid, now(), now().plus(validity));
      return new Generated(connection.token, connection.id, connection.expiresAt);
    }
  }

  /** Called for every message a holder sends to a participant. */
  public void onParticipantMessage(Consumer<RelayedMessage> listener) {
    participantListeners.add(listener);
  }

  /** The participant of the connection sends {@code bytes} to its holder, unchecked. */
  public String deliverToHolder(String connectionId, com.google.protobuf.ByteString bytes) {
    synchronized (lock) {
      FakeConnection connection = connections.require(connectionId);
      if (connection.holderKeyId == null) {
        throw new IllegalStateException("no holder on " + connectionId);
      }
      return mailbox
          .append(
              connectionId,
              connection.participantDid,
              connection.holderKeyId,
              bytes.toByteArray(),
              null,
              clock.instant())
          .id();
    }
  }

  public String deliverToHolder(String connectionId, AtalaMessage message) {
    return deliverToHolder(connectionId, message.toByteString());
  }

  // ---- the holder's side as plain methods ------------------------------------------------------

  /** The holder accepts {@code token} with its keys, as AddConnectionFromToken would. */
  public String accept(
      String token, PublicKeyJwk authenticationKey, PublicKeyJwk communicationKey) {
    synchronized (lock) {
      FakeConnection connection = connections.byToken.get(token);
      if (connection == null
          || connection.state(now()) != ConnectionState.CONNECTION_STATE_INVITED) {
        throw new IllegalStateException("token not acceptable");
      }
      connections.connect(connection, authenticationKey, communicationKey);
      return connection.id;
    }
  }

  /** The holder sends {@code message} to the participant of the connection, unchecked. */
  public String fromHolder(String connectionId, AtalaMessage message) {
    RelayedMessage stored;
    synchronized (lock) {
      FakeConnection connection = connections.require(connectionId);
      stored =
          mailbox.append(
              connectionId,
              connection.holderKeyId,
              connection.participantDid,
              message.toByteArray(),
              null,
              clock.instant());
    }
    participantListeners.forEach(listener -> listener.accept(stored));
    return stored.id();
  }

  /** The holder revokes the connection. */
  public void revokeAsHolder(String connectionId) {
    synchronized (lock) {
      connections.revoke(connections.require(connectionId));
    }
  }

  // ---- a malicious connector -------------------------------------------------------------------

  /**
   * From now on the connector holds {@code keys} as the other side's communication keys on this
   * connection: GetConnectionCommunicationKeys reports them to either side, and an EncryptedMessage
   * must name one of them.
   */
  public void overrideCommunicationKeys(String connectionId, List<PublicKeyJwk> keys) {
    synchronized (lock) {
      connections.require(connectionId).otherSideKeys = List.copyOf(keys);
    }
  }

  /** From now on the connector reports {@code key} as the communication key of {@code did}. */
  public void substituteParticipantKey(String did, PublicKeyJwk key) {
    synchronized (lock) {
      connections.substitutedDidKeys.put(did, List.of(key));
    }
  }

  /** Reports another holder key id in the connection's ConnectionInfo. */
  public void substituteHolderKeyId(String connectionId, String keyId) {
    synchronized (lock) {
      connections.require(connectionId).reportedHolderKeyId = keyId;
    }
  }

  /** GetConnectionTokenInfo names {@code did} as the token's participant. */
  public void overrideTokenParticipant(String token, String did) {
    synchronized (lock) {
      connections.byToken.get(token).reportedParticipantDid = did;
    }
  }

  /** The connector sends {@code bytes} to a holder, labelled with any connection id. */
  public String injectToHolder(
      String holderKeyId, String connectionId, com.google.protobuf.ByteString bytes) {
    synchronized (lock) {
      return mailbox
          .append(
              connectionId,
              INJECTED_BY_CONNECTOR,
              holderKeyId,
              bytes.toByteArray(),
              null,
              clock.instant())
          .id();
    }
  }

  /**
   * The connector re-delivers a stored message's bytes as a new message on {@code connectionId}.
   */
  public String redeliver(String messageId, String connectionId) {
    return deliverToHolder(connectionId, message(messageId).bytes());
  }

  // ---- RPCs ------------------------------------------------------------------------------------

  @Override
  public void registerParticipant(
      RegisterParticipantRequest request, StreamObserver<RegisterParticipantResponse> out) {
    signed(
        request,
        out,
        caller -> {
          requireParticipant(caller);
          if (request.getDid().length() > 512
              || !FakeConnections.DID.matcher(request.getDid()).matches()) {
            throw FakeErrors.invalid("did is not a valid DID");
          }
          if (request.getName().isBlank() || request.getName().length() > 200) {
            throw FakeErrors.invalid("name must have 1..200 characters");
          }
          if (request.getRole() != ParticipantRole.PARTICIPANT_ROLE_ISSUER
              && request.getRole() != ParticipantRole.PARTICIPANT_ROLE_VERIFIER) {
            throw FakeErrors.invalid("role must be ISSUER or VERIFIER");
          }
          if (!caller.id().equals(request.getDid())) {
            throw FakeErrors.unauthenticated(
                "request must be signed by a key of the DID it registers");
          }
          var wanted = new FakeConnections.Participant(request.getName(), request.getRole());
          var stored = connections.participants.putIfAbsent(request.getDid(), wanted);
          if (stored != null && !stored.equals(wanted)) {
            throw FakeErrors.refuse(
                Status.Code.ALREADY_EXISTS, "DID is already registered with another name or role");
          }
          return RegisterParticipantResponse.newBuilder().setDid(request.getDid()).build();
        });
  }

  @Override
  public void generateConnectionToken(
      GenerateConnectionTokenRequest request, StreamObserver<GenerateConnectionTokenResponse> out) {
    signed(
        request,
        out,
        caller -> {
          int count = request.getCount() == 0 ? 1 : request.getCount();
          if (count < 1 || count > MAX_TOKENS) {
            throw FakeErrors.invalid("count must be 1.." + MAX_TOKENS);
          }
          requireParticipant(caller);
          if (!connections.participants.containsKey(caller.id())) {
            throw FakeErrors.denied("caller is not a registered participant");
          }
          Instant now = now();
          var response =
              GenerateConnectionTokenResponse.newBuilder()
                  .setExpiresAt(Mailbox.timestamp(now.plus(TOKEN_TTL)));
          for (int i = 0; i < count; i++) {
            FakeConnection connection = connections.create(caller.id(), now, now.plus(TOKEN_TTL));
            response.addTokens(connection.token).addConnectionIds(connection.id);
          }
          return response.build();
        });
  }

  @Override
  public void getConnectionTokenInfo(
      GetConnectionTokenInfoRequest request, StreamObserver<GetConnectionTokenInfoResponse> out) {
    respond(
        out,
        () -> {
          synchronized (lock) {
            FakeConnection connection = connections.findByToken(request.getToken());
            switch (connection.state(now())) {
              case CONNECTION_STATE_CONNECTED ->
                  throw FakeErrors.precondition("token was already used");
              case CONNECTION_STATE_EXPIRED -> throw FakeErrors.precondition("token has expired");
              case CONNECTION_STATE_REVOKED ->
                  throw FakeErrors.precondition("connection was revoked");
              default -> {}
            }
            var participant =
                connections.participants.getOrDefault(
                    connection.participantDid,
                    new FakeConnections.Participant(
                        "", ParticipantRole.PARTICIPANT_ROLE_UNSPECIFIED));
            return GetConnectionTokenInfoResponse.newBuilder()
                .setParticipantDid(
                    connection.reportedParticipantDid != null
                        ? connection.reportedParticipantDid
                        : connection.participantDid)
                .setParticipantName(participant.name())
                .setParticipantRole(participant.role())
                .setExpiresAt(Mailbox.timestamp(connection.expiresAt))
                .build();
          }
        });
  }

  @Override
  public void addConnectionFromToken(
      AddConnectionFromTokenRequest request, StreamObserver<AddConnectionFromTokenResponse> out) {
    addConnectionCalls.incrementAndGet();
    signed(
        request,
        out,
        caller -> {
          if (caller.participant()) {
            throw FakeErrors.denied("only holders accept connection tokens");
          }
          FakeConnections.requireWellFormed(request.getToken());
          PublicKeyJwk authentication =
              FakeAuthenticator.parse(
                  request.getHolderAuthenticationKey().getJwk(),
                  KeyUse.AUTHENTICATION,
                  "holder_authentication_key");
          PublicKeyJwk communication =
              FakeAuthenticator.parse(
                  request.getHolderCommunicationKey().getJwk(),
                  KeyUse.COMMUNICATION,
                  "holder_communication_key");
          if (!authentication.thumbprint().equals(caller.id())) {
            throw FakeErrors.unauthenticated("request is not signed by the presented key");
          }
          byte[] proof = request.getKeyBindingProof().toByteArray();
          if (proof.length == 0
              || !KeyBinding.verify(authentication, request.getToken(), communication, proof)) {
            throw FakeErrors.unauthenticated("key_binding_proof does not verify");
          }
          FakeConnection connection = connections.byToken.get(request.getToken());
          if (connection == null) {
            throw FakeErrors.notFound("unknown token");
          }
          ConnectionState state = connection.state(now());
          if (state != ConnectionState.CONNECTION_STATE_INVITED) {
            connection.refusedAccepts++;
            connection.lastRefusedAt = now();
            throw FakeErrors.precondition(
                switch (state) {
                  case CONNECTION_STATE_CONNECTED -> "token was already used";
                  case CONNECTION_STATE_EXPIRED -> "token has expired";
                  default -> "connection was revoked";
                });
          }
          connections.connect(connection, authentication, communication);
          return AddConnectionFromTokenResponse.newBuilder()
              .setConnection(connections.info(connection))
              .build();
        });
  }

  @Override
  public void getConnectionByToken(
      GetConnectionByTokenRequest request, StreamObserver<GetConnectionByTokenResponse> out) {
    signed(
        request,
        out,
        caller -> {
          FakeConnection connection = connections.findByToken(request.getToken());
          if (!connection.participantDid.equals(caller.id())) {
            throw FakeErrors.denied("not the caller's token");
          }
          return GetConnectionByTokenResponse.newBuilder()
              .setConnection(connections.info(connection))
              .build();
        });
  }

  @Override
  public void revokeConnection(
      RevokeConnectionRequest request, StreamObserver<RevokeConnectionResponse> out) {
    signed(
        request,
        out,
        caller -> {
          FakeConnection connection = connections.requireSide(caller, request.getConnectionId());
          connections.revoke(connection);
          return RevokeConnectionResponse.newBuilder()
              .setConnection(connections.info(connection))
              .build();
        });
  }

  @Override
  public void getConnectionCommunicationKeys(
      GetConnectionCommunicationKeysRequest request,
      StreamObserver<GetConnectionCommunicationKeysResponse> out) {
    synchronized (lock) {
      keyLookups
          .computeIfAbsent(request.getConnectionId(), id -> new AtomicInteger())
          .incrementAndGet();
    }
    signed(
        request,
        out,
        caller -> {
          FakeConnection connection =
              connections.requireConnected(caller, request.getConnectionId());
          return GetConnectionCommunicationKeysResponse.newBuilder()
              .addAllKeys(
                  connections.otherSideKeys(connection, caller.id()).stream()
                      .map(FakeConnector::connectionKey)
                      .toList())
              .build();
        });
  }

  @Override
  public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> out) {
    send(
        request,
        List.of(request),
        0,
        out,
        ids -> SendMessageResponse.newBuilder().setId(ids.get(0)).build());
  }

  @Override
  public void sendMessages(SendMessagesRequest request, StreamObserver<SendMessagesResponse> out) {
    send(
        request,
        request.getMessagesList(),
        request.getMessagesCount(),
        out,
        ids -> SendMessagesResponse.newBuilder().addAllIds(ids).build());
  }

  @Override
  public void getMessagesPaginated(
      GetMessagesPaginatedRequest request, StreamObserver<GetMessagesPaginatedResponse> out) {
    signed(
        request,
        out,
        caller -> {
          int limit = request.getLimit() == 0 ? DEFAULT_PAGE_SIZE : request.getLimit();
          if (limit < 0 || limit > MAX_PAGE_SIZE) {
            throw FakeErrors.invalid("limit must be 1.." + MAX_PAGE_SIZE);
          }
          String device = deviceId(request.getDeviceId());
          mailbox.deviceSeen(caller.id(), device);
          return mailbox.page(
              caller.id(),
              device,
              request.getLastSeenMessageId(),
              limit,
              maxPageBytes,
              withHasMore);
        });
  }

  @Override
  public void getMessageStream(
      GetMessageStreamRequest request, StreamObserver<GetMessageStreamResponse> out) {
    streamRequests.add(
        new StreamRequest(
            CallMetadata.headers().get(RequestSignatureHeaders.DID),
            request.getLastSeenMessageId()));
    var stream = (ServerCallStreamObserver<GetMessageStreamResponse>) out;
    try {
      Caller caller = authenticate(request);
      synchronized (lock) {
        stream.setOnCancelHandler(
            () -> {
              synchronized (lock) {
                mailbox.unsubscribe(stream);
              }
            });
        String device = deviceId(request.getDeviceId());
        mailbox.deviceSeen(caller.id(), device);
        mailbox.subscribe(caller.id(), device, request.getLastSeenMessageId(), stream);
      }
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  @Override
  public void acknowledgeMessages(
      AcknowledgeMessagesRequest request, StreamObserver<AcknowledgeMessagesResponse> out) {
    signed(
        request,
        out,
        caller -> {
          List<String> ids = request.getMessageIdsList();
          if (ids.isEmpty() || ids.size() > MAX_ACKNOWLEDGED_IDS) {
            throw FakeErrors.invalid("acknowledge 1.." + MAX_ACKNOWLEDGED_IDS + " message ids");
          }
          if (!ids.stream().allMatch(Mailbox::isUuid)) {
            throw FakeErrors.invalid("a message id is not a UUID");
          }
          if (failedAcknowledgements.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw Status.UNAVAILABLE
                .withDescription("acknowledgement lost (test)")
                .asRuntimeException();
          }
          return AcknowledgeMessagesResponse.newBuilder()
              .setAcknowledgedCount(
                  mailbox.acknowledge(caller.id(), deviceId(request.getDeviceId()), ids))
              .build();
        });
  }

  /** An optional device id (null for empty), shaped as the real connector requires. */
  private static String deviceId(String value) {
    if (value.isEmpty()) {
      return null;
    }
    if (!value.matches("[A-Za-z0-9._-]{1,64}")) {
      throw FakeErrors.invalid("device_id is not 1..64 characters of [A-Za-z0-9._-]");
    }
    return value;
  }

  @Override
  public void registerPushTarget(
      RegisterPushTargetRequest request, StreamObserver<RegisterPushTargetResponse> out) {
    signed(
        request,
        out,
        caller ->
            RegisterPushTargetResponse.newBuilder()
                .setDeviceId(request.getDeviceId())
                .setTargets(pushTargets.register(caller.id(), request))
                .build());
  }

  @Override
  public void deletePushTarget(
      DeletePushTargetRequest request, StreamObserver<DeletePushTargetResponse> out) {
    signed(
        request,
        out,
        caller ->
            DeletePushTargetResponse.newBuilder()
                .setDeleted(pushTargets.delete(caller.id(), request.getDeviceId()))
                .build());
  }

  /** The push targets {@code callerId} (a holder's key id or a DID) registered, by device id. */
  public Map<String, PushTarget> pushTargets(String callerId) {
    synchronized (lock) {
      return pushTargets.of(callerId);
    }
  }

  // ---- internals -------------------------------------------------------------------------------

  private <R> void send(
      MessageLite request,
      List<SendMessageRequest> entries,
      int batch,
      StreamObserver<R> out,
      Function<List<String>, R> response) {
    Status down = failure;
    if (down != null) {
      entries.forEach(
          entry ->
              sendCalls.add(
                  new SendCall(
                      null,
                      entry.getConnectionId(),
                      entry.getClientMessageId(),
                      entry.getMessage().toByteArray(),
                      down.getCode().name(),
                      batch)));
    }
    List<RelayedMessage> toParticipants = new ArrayList<>();
    signed(
        request,
        out,
        caller -> {
          String outcome = "STORED";
          try {
            List<String> ids = relay.store(caller, entries, toParticipants);
            if (lostAcks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              outcome = "STORED_ACK_LOST";
              throw Status.UNAVAILABLE.withDescription("answer lost (test)").asRuntimeException();
            }
            return response.apply(ids);
          } catch (StatusRuntimeException e) {
            outcome = outcome.equals("STORED") ? e.getStatus().getCode().name() : outcome;
            throw e;
          } finally {
            for (SendMessageRequest entry : entries) {
              sendCalls.add(
                  new SendCall(
                      caller.id(),
                      entry.getConnectionId(),
                      entry.getClientMessageId(),
                      entry.getMessage().toByteArray(),
                      outcome,
                      batch));
            }
          }
        });
    // After the answer and outside the lock, as a participant reading its stream would see them.
    toParticipants.forEach(m -> participantListeners.forEach(l -> l.accept(m)));
  }

  /** Runs a signed RPC: failure injection, authentication, then {@code work} under the lock. */
  private <R> void signed(MessageLite request, StreamObserver<R> out, Function<Caller, R> work) {
    respond(
        out,
        () -> {
          Caller caller = authenticate(request);
          synchronized (lock) {
            return work.apply(caller);
          }
        });
  }

  private Caller authenticate(MessageLite request) {
    Status down = failure;
    if (down != null) {
      throw down.withDescription("connector down (test)").asRuntimeException();
    }
    byte[] bytes = request.toByteArray();
    Caller caller =
        authenticator.authenticate(CallMetadata.method(), bytes, CallMetadata.headers());
    requestBytes.add(bytes);
    return caller;
  }

  private <R> void respond(StreamObserver<R> out, java.util.function.Supplier<R> work) {
    Status down = failure;
    if (down != null) {
      out.onError(down.withDescription("connector down (test)").asRuntimeException());
      return;
    }
    R response;
    try {
      response = work.get();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  private static void requireParticipant(Caller caller) {
    if (!caller.participant()) {
      throw FakeErrors.denied("only participants (issuers, verifiers) may call this");
    }
  }

  private static ConnectionKey connectionKey(PublicKeyJwk key) {
    return ConnectionKey.newBuilder()
        .setKeyId(key.kid())
        .setPublicKey(PublicKey.newBuilder().setJwk(key.toJson()))
        .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
        .build();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
