package org.credrelay.issuergateway.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
import org.credrelay.e2ecrypto.signing.RequestSignatureException;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenResponse;
import org.credrelay.proto.connector.v1.GetConnectionByTokenRequest;
import org.credrelay.proto.connector.v1.GetConnectionByTokenResponse;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysRequest;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysResponse;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.connector.v1.RegisterParticipantResponse;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;
import org.credrelay.proto.connector.v1.RevokeConnectionResponse;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessageResponse;
import org.credrelay.proto.connector.v1.SendMessagesRequest;
import org.credrelay.proto.connector.v1.SendMessagesResponse;
import org.credrelay.proto.messages.v1.AtalaMessage;

/**
 * Test double of the connector with simple in-memory semantics: participants, tokens and
 * connections, idempotent sends by client_message_id, message streams (backlog then live) and the
 * holder's side as plain methods. It checks request signatures against {@link InMemoryKeyRegistry}
 * like the real one. SendMessages is atomic like the real one (the first refused entry fails the
 * call with {@code messages[<index>]: }). Failure injection: every RPC down ({@link #failWith}), or a
 * send that is stored but whose answer is lost ({@link #loseNextAcks}). Not the real connector (the
 * end-to-end module runs that).
 */
public final class InMemoryConnector extends ConnectorServiceGrpc.ConnectorServiceImplBase {

  /**
   * One message that reached the SendMessage handler, or one entry of a SendMessages call, and how
   * it ended ({@code batch}: the entry count of its SendMessages call, 0 for SendMessage).
   */
  public record SendCall(String participantDid, String connectionId, String clientMessageId,
      byte[] message, String outcome, int batch) {}

  /** A message the issuer sent to a holder, as stored. */
  public record Stored(String id, String connectionId, String clientMessageId, byte[] message) {}

  /** A stream request: which participant asked from which last seen id. */
  public record StreamRequest(String did, String lastSeenMessageId) {}

  private static final class Conn {
    final String id;
    final String token;
    final String participantDid;
    final Instant createdAt;
    final Instant expiresAt;
    volatile ConnectionState state = ConnectionState.CONNECTION_STATE_INVITED;
    volatile String holderKeyId = "";
    volatile List<ConnectionKey> holderKeys = List.of();

    Conn(String id, String token, String participantDid, Instant createdAt, Instant expiresAt) {
      this.id = id;
      this.token = token;
      this.participantDid = participantDid;
      this.createdAt = createdAt;
      this.expiresAt = expiresAt;
    }
  }

  private final InMemoryKeyRegistry registry;
  private final Clock clock;
  private final RequestVerifier verifier;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> participants = new ConcurrentHashMap<>();
  private final Map<String, Conn> byId = new ConcurrentHashMap<>();
  private final Map<String, Conn> byToken = new ConcurrentHashMap<>();
  private final Map<String, Stored> sentByClientId = new ConcurrentHashMap<>();
  private final List<Stored> toHolders = new CopyOnWriteArrayList<>();
  private final List<SendCall> sendCalls = new CopyOnWriteArrayList<>();
  private final List<StreamRequest> streamRequests = new CopyOnWriteArrayList<>();
  private final List<byte[]> requestBytes = new CopyOnWriteArrayList<>();
  private final Map<String, List<ReceivedMessage>> inboxes = new ConcurrentHashMap<>();
  private final Map<String, List<ServerCallStreamObserver<GetMessageStreamResponse>>> live =
      new ConcurrentHashMap<>();
  private final AtomicInteger lostAcks = new AtomicInteger();
  private final Map<String, AtomicInteger> keyLookups = new ConcurrentHashMap<>();
  private volatile Status failure;

  public InMemoryConnector(InMemoryKeyRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.verifier = new RequestVerifier(clock, new InMemoryNonceStore(clock), Duration.ofMinutes(5));
  }

  // ---- failure injection and inspection ------------------------------------------------------

  /** Every RPC fails with {@code status} (e.g. UNAVAILABLE) until {@link #recover()}. */
  public void failWith(Status status) {
    failure = status;
  }

  public void recover() {
    failure = null;
    lostAcks.set(0);
  }

  /** The next {@code count} sends are stored but answered with UNAVAILABLE (a lost ack). */
  public void loseNextAcks(int count) {
    lostAcks.set(count);
  }

  public List<SendCall> sendCalls() {
    return List.copyOf(sendCalls);
  }

  /** How often GetConnectionCommunicationKeys was asked about {@code connectionId}. */
  public int communicationKeyLookups(String connectionId) {
    AtomicInteger count = keyLookups.get(connectionId);
    return count == null ? 0 : count.get();
  }

  public List<StreamRequest> streamRequests() {
    return List.copyOf(streamRequests);
  }

  /** Every request message this connector received, serialized (for secret scans). */
  public List<byte[]> receivedRequestBytes() {
    return List.copyOf(requestBytes);
  }

  /** Messages stored for the holder of a connection, in order. */
  public List<Stored> toHolder(String connectionId) {
    return toHolders.stream().filter(s -> s.connectionId().equals(connectionId)).toList();
  }

  public boolean participant(String did) {
    return participants.containsKey(did);
  }

  public ConnectionState state(String connectionId) {
    return byId.get(connectionId).state;
  }

  /** Ends every open stream of {@code did} with UNAVAILABLE (the gateway must reconnect). */
  public void breakStreams(String did) {
    synchronized (inbox(did)) {
      for (var observer : live.getOrDefault(did, List.of())) {
        observer.onError(Status.UNAVAILABLE.withDescription("stream broken by test")
            .asRuntimeException());
      }
      live.remove(did);
    }
  }

  /** The number of streams of {@code did} that are open now. */
  public int openStreams(String did) {
    return live.getOrDefault(did, List.of()).size();
  }

  // ---- the holder's side ---------------------------------------------------------------------

  /** The holder accepts {@code token} with its keys (what AddConnectionFromToken would do). */
  public String accept(String token, PublicKeyJwk authenticationKey,
      PublicKeyJwk communicationKey) {
    Conn conn = byToken.get(token);
    if (conn == null || conn.state != ConnectionState.CONNECTION_STATE_INVITED) {
      throw new IllegalStateException("token not acceptable");
    }
    conn.holderKeyId = authenticationKey.kid();
    conn.holderKeys = List.of(connectionKey(communicationKey));
    conn.state = ConnectionState.CONNECTION_STATE_CONNECTED;
    return conn.id;
  }

  /** A malicious connector: serve {@code key} as the holder's communication key from now on. */
  public void substituteHolderKey(String connectionId, PublicKeyJwk key) {
    byId.get(connectionId).holderKeys = List.of(connectionKey(key));
  }

  /** A malicious connector: report another holder authentication key id. */
  public void substituteHolderKeyId(String connectionId, String keyId) {
    byId.get(connectionId).holderKeyId = keyId;
  }

  /** The holder revokes the connection at the connector. */
  public void revokeAsHolder(String connectionId) {
    byId.get(connectionId).state = ConnectionState.CONNECTION_STATE_REVOKED;
  }

  /** The holder sends {@code message} to the participant of the connection. */
  public String fromHolder(String connectionId, AtalaMessage message) {
    Conn conn = byId.get(connectionId);
    ReceivedMessage received = ReceivedMessage.newBuilder().setId(UUID.randomUUID().toString())
        .setConnectionId(connectionId).setReceived(timestamp(clock.instant()))
        .setMessage(message.toByteString()).build();
    List<ReceivedMessage> inbox = inbox(conn.participantDid);
    synchronized (inbox) {
      inbox.add(received);
      for (var observer : live.getOrDefault(conn.participantDid, List.of())) {
        observer.onNext(GetMessageStreamResponse.newBuilder().setMessage(received).build());
      }
    }
    return received.getId();
  }

  // ---- RPCs ----------------------------------------------------------------------------------

  @Override
  public void registerParticipant(RegisterParticipantRequest request,
      StreamObserver<RegisterParticipantResponse> response) {
    unary(response, () -> {
      String did = authenticate(request, false);
      if (!did.equals(request.getDid())) {
        throw Status.PERMISSION_DENIED.withDescription("not your DID").asRuntimeException();
      }
      participants.put(did, request.getName());
      return RegisterParticipantResponse.newBuilder().setDid(did).build();
    });
  }

  @Override
  public void generateConnectionToken(GenerateConnectionTokenRequest request,
      StreamObserver<GenerateConnectionTokenResponse> response) {
    unary(response, () -> {
      String did = authenticate(request, true);
      Instant now = clock.instant();
      Instant expiresAt = now.plus(Duration.ofDays(7));
      var result = GenerateConnectionTokenResponse.newBuilder().setExpiresAt(timestamp(expiresAt));
      for (int i = 0; i < Math.max(1, request.getCount()); i++) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Conn conn = new Conn(UUID.randomUUID().toString(), token, did, now, expiresAt);
        byId.put(conn.id, conn);
        byToken.put(token, conn);
        result.addTokens(token).addConnectionIds(conn.id);
      }
      return result.build();
    });
  }

  @Override
  public void getConnectionByToken(GetConnectionByTokenRequest request,
      StreamObserver<GetConnectionByTokenResponse> response) {
    unary(response, () -> {
      String did = authenticate(request, true);
      Conn conn = byToken.get(request.getToken());
      if (conn == null) {
        throw Status.NOT_FOUND.asRuntimeException();
      }
      owned(conn, did);
      return GetConnectionByTokenResponse.newBuilder().setConnection(info(conn)).build();
    });
  }

  @Override
  public void revokeConnection(RevokeConnectionRequest request,
      StreamObserver<RevokeConnectionResponse> response) {
    unary(response, () -> {
      Conn conn = connection(request.getConnectionId(), authenticate(request, true));
      conn.state = ConnectionState.CONNECTION_STATE_REVOKED;
      return RevokeConnectionResponse.newBuilder().setConnection(info(conn)).build();
    });
  }

  @Override
  public void getConnectionCommunicationKeys(GetConnectionCommunicationKeysRequest request,
      StreamObserver<GetConnectionCommunicationKeysResponse> response) {
    keyLookups.computeIfAbsent(request.getConnectionId(), id -> new AtomicInteger())
        .incrementAndGet();
    unary(response, () -> {
      Conn conn = connection(request.getConnectionId(), authenticate(request, true));
      if (conn.state != ConnectionState.CONNECTION_STATE_CONNECTED) {
        throw Status.FAILED_PRECONDITION.withDescription("not CONNECTED").asRuntimeException();
      }
      return GetConnectionCommunicationKeysResponse.newBuilder().addAllKeys(conn.holderKeys).build();
    });
  }

  @Override
  public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> response) {
    if (failure != null) {
      sendCalls.add(new SendCall(null, request.getConnectionId(), request.getClientMessageId(),
          request.getMessage().toByteArray(), failure.getCode().name(), 0));
    }
    unary(response, () -> {
      String did = authenticate(request, true);
      String outcome = "STORED";
      try {
        Stored stored;
        synchronized (sentByClientId) {
          stored = store(did, request, check(did, request));
        }
        if (lostAcks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          outcome = "STORED_ACK_LOST";
          throw Status.UNAVAILABLE.withDescription("answer lost").asRuntimeException();
        }
        return SendMessageResponse.newBuilder().setId(stored.id()).build();
      } catch (StatusRuntimeException e) {
        outcome = outcome.equals("STORED") ? e.getStatus().getCode().name() : outcome;
        throw e;
      } finally {
        sendCalls.add(new SendCall(did, request.getConnectionId(), request.getClientMessageId(),
            request.getMessage().toByteArray(), outcome, 0));
      }
    });
  }

  @Override
  public void sendMessages(SendMessagesRequest request,
      StreamObserver<SendMessagesResponse> response) {
    int entries = request.getMessagesCount();
    if (failure != null) {
      request.getMessagesList().forEach(entry -> sendCalls.add(new SendCall(null,
          entry.getConnectionId(), entry.getClientMessageId(), entry.getMessage().toByteArray(),
          failure.getCode().name(), entries)));
    }
    unary(response, () -> {
      String did = authenticate(request, true);
      String outcome = "STORED";
      try {
        var result = SendMessagesResponse.newBuilder();
        synchronized (sentByClientId) {
          List<Stored> earlier = new ArrayList<>();
          for (int i = 0; i < entries; i++) {
            try {
              earlier.add(check(did, request.getMessages(i)));
            } catch (StatusRuntimeException e) {
              throw e.getStatus().withDescription("messages[" + i + "]: "
                  + e.getStatus().getDescription()).asRuntimeException();
            }
          }
          for (int i = 0; i < entries; i++) {
            result.addIds(store(did, request.getMessages(i), earlier.get(i)).id());
          }
        }
        if (lostAcks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          outcome = "STORED_ACK_LOST";
          throw Status.UNAVAILABLE.withDescription("answer lost").asRuntimeException();
        }
        return result.build();
      } catch (StatusRuntimeException e) {
        outcome = outcome.equals("STORED") ? e.getStatus().getCode().name() : outcome;
        throw e;
      } finally {
        for (SendMessageRequest entry : request.getMessagesList()) {
          sendCalls.add(new SendCall(did, entry.getConnectionId(), entry.getClientMessageId(),
              entry.getMessage().toByteArray(), outcome, entries));
        }
      }
    });
  }

  @Override
  public void getMessageStream(GetMessageStreamRequest request,
      StreamObserver<GetMessageStreamResponse> response) {
    streamRequests.add(new StreamRequest(CallMetadata.HEADERS.get().get(RequestSignatureHeaders.DID),
        request.getLastSeenMessageId()));
    if (failure != null) {
      response.onError(failure.asRuntimeException());
      return;
    }
    String did;
    try {
      did = authenticate(request, true);
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    }
    var observer = (ServerCallStreamObserver<GetMessageStreamResponse>) response;
    List<ReceivedMessage> inbox = inbox(did);
    synchronized (inbox) {
      int start = 0;
      if (!request.getLastSeenMessageId().isEmpty()) {
        start = -1;
        for (int i = 0; i < inbox.size(); i++) {
          if (inbox.get(i).getId().equals(request.getLastSeenMessageId())) {
            start = i + 1;
          }
        }
        if (start < 0) {
          response.onError(Status.NOT_FOUND.withDescription("unknown last_seen_message_id")
              .asRuntimeException());
          return;
        }
      }
      for (ReceivedMessage message : inbox.subList(start, inbox.size())) {
        observer.onNext(GetMessageStreamResponse.newBuilder().setMessage(message).build());
      }
      List<ServerCallStreamObserver<GetMessageStreamResponse>> observers =
          live.computeIfAbsent(did, key -> new CopyOnWriteArrayList<>());
      observers.add(observer);
      observer.setOnCancelHandler(() -> observers.remove(observer));
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * Checks one message like the real connector; returns the message stored earlier under the same
   * client message id (an idempotent repeat), or null if it is new. Call under the
   * {@code sentByClientId} lock.
   */
  private Stored check(String did, SendMessageRequest request) {
    Conn conn = connection(request.getConnectionId(), did);
    if (conn.state != ConnectionState.CONNECTION_STATE_CONNECTED) {
      throw Status.FAILED_PRECONDITION.withDescription("connection not CONNECTED").asRuntimeException();
    }
    AtalaMessage message;
    try {
      message = AtalaMessage.parseFrom(request.getMessage());
    } catch (InvalidProtocolBufferException e) {
      throw Status.INVALID_ARGUMENT.withDescription("not an AtalaMessage").asRuntimeException();
    }
    if (message.hasCredential()) {
      throw Status.FAILED_PRECONDITION.withDescription("plaintext credential").asRuntimeException();
    }
    if (message.hasEncryptedMessage() && conn.holderKeys.stream()
        .noneMatch(k -> k.getKeyId().equals(message.getEncryptedMessage().getKeyId()))) {
      throw Status.FAILED_PRECONDITION.withDescription("key_id not ACTIVE").asRuntimeException();
    }
    String clientId = request.getClientMessageId();
    if (clientId.isEmpty()) {
      return null;
    }
    Stored earlier = sentByClientId.get(did + "|" + clientId);
    if (earlier != null
        && !java.util.Arrays.equals(earlier.message(), request.getMessage().toByteArray())) {
      throw Status.ALREADY_EXISTS.withDescription("client_message_id reused").asRuntimeException();
    }
    return earlier;
  }

  /** Stores a checked message, or answers the earlier one. Call under the same lock as check. */
  private Stored store(String did, SendMessageRequest request, Stored earlier) {
    if (earlier != null) {
      return earlier;
    }
    String clientId = request.getClientMessageId();
    Stored stored = new Stored(UUID.randomUUID().toString(), request.getConnectionId(), clientId,
        request.getMessage().toByteArray());
    if (!clientId.isEmpty()) {
      sentByClientId.put(did + "|" + clientId, stored);
    }
    toHolders.add(stored);
    return stored;
  }

  /** Verifies the signed metadata like the real connector; returns the caller's DID. */
  private String authenticate(MessageLite request, boolean mustBeParticipant) {
    Map<String, String> headers = CallMetadata.HEADERS.get();
    requestBytes.add(request.toByteArray());
    String did = headers.get(RequestSignatureHeaders.DID);
    PublicKeyJwk key = registry.activeAuthenticationKey(did,
        headers.get(RequestSignatureHeaders.KEY_ID)).orElseThrow(() ->
            Status.UNAUTHENTICATED.withDescription("unknown signer").asRuntimeException());
    try {
      verifier.verify(CallMetadata.METHOD.get(), request.toByteArray(), headers, key);
    } catch (RequestSignatureException e) {
      throw Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException();
    }
    if (mustBeParticipant && !participants.containsKey(did)) {
      throw Status.PERMISSION_DENIED.withDescription("not a participant").asRuntimeException();
    }
    return did;
  }

  private Conn connection(String id, String did) {
    Conn conn = byId.get(id);
    if (conn == null) {
      throw Status.NOT_FOUND.asRuntimeException();
    }
    owned(conn, did);
    return conn;
  }

  private static void owned(Conn conn, String did) {
    if (!conn.participantDid.equals(did)) {
      throw Status.PERMISSION_DENIED.asRuntimeException();
    }
  }

  private List<ReceivedMessage> inbox(String did) {
    return inboxes.computeIfAbsent(did, key -> new ArrayList<>());
  }

  private static ConnectionInfo info(Conn conn) {
    return ConnectionInfo.newBuilder().setConnectionId(conn.id).setToken(conn.token)
        .setState(conn.state).setParticipantDid(conn.participantDid)
        .setHolderKeyId(conn.holderKeyId).setCreatedAt(timestamp(conn.createdAt))
        .setTokenExpiresAt(timestamp(conn.expiresAt)).build();
  }

  private static ConnectionKey connectionKey(PublicKeyJwk key) {
    return ConnectionKey.newBuilder().setKeyId(key.kid())
        .setPublicKey(PublicKey.newBuilder().setJwk(key.toJson()))
        .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION).build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano())
        .build();
  }

  private <T> void unary(StreamObserver<T> response, Supplier<T> call) {
    Status down = failure;
    if (down != null) {
      response.onError(down.withDescription("connector down (test)").asRuntimeException());
      return;
    }
    try {
      T result = call.get();
      response.onNext(result);
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    }
  }
}
