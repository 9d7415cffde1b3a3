package org.credrelay.wallet.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Timestamp;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
import org.credrelay.e2ecrypto.signing.RequestSignatureException;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenResponse;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysRequest;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysResponse;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoRequest;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoResponse;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessageResponse;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.e2ecrypto.signing.KeyBinding;

/**
 * An in-memory connector with the real one's observable semantics for a holder: signed requests
 * (verified like the connector does, holders without DID), single-use tokens, the key binding proof,
 * per-sender idempotent sends, paginated and streamed delivery after a last seen id. Participants
 * (the simulated issuer) use it through plain Java methods. Test hooks let a test play the
 * malicious connector: inject, replay, move, and substitute keys.
 */
public final class FakeConnector extends ConnectorServiceGrpc.ConnectorServiceImplBase {

  static final Context.Key<Map<String, String>> METADATA = Context.key("credrelay-metadata");

  private final Object lock = new Object();
  private final Clock clock;
  private final RequestVerifier verifier;
  private final Map<String, Participant> participants = new HashMap<>();
  private final Map<String, Conn> connections = new HashMap<>();
  private final Map<String, PublicKeyJwk> holders = new HashMap<>();
  private final List<Msg> messages = new ArrayList<>();
  private final List<Stream> streams = new ArrayList<>();
  private final List<Consumer<Msg>> participantInboxes = new CopyOnWriteArrayList<>();
  private final Map<String, List<ConnectionKey>> keyOverrides = new HashMap<>();
  private final Map<String, String> tokenDidOverrides = new HashMap<>();
  private final AtomicInteger addConnectionCalls = new AtomicInteger();
  private volatile long maxPageBytes = Long.MAX_VALUE;
  private volatile boolean pagesWithHasMore = true;

  /** A stored message. {@code recipient} is a holder key id or a participant DID. */
  public record Msg(String id, String connectionId, String sender, String recipient,
      ByteString bytes, Instant received, String clientMessageId) {

    public AtalaMessage atala() {
      try {
        return AtalaMessage.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }

    ReceivedMessage toProto() {
      return ReceivedMessage.newBuilder().setId(id).setConnectionId(connectionId)
          .setReceived(Timestamp.newBuilder().setSeconds(received.getEpochSecond()))
          .setMessage(bytes).build();
    }
  }

  /** A generated token and its connection. */
  public record Generated(String token, String connectionId, Instant expiresAt) {}

  private record Participant(String did, String name, List<ConnectionKey> communicationKeys) {}

  private static final class Conn {
    final String id;
    final String token;
    final String participantDid;
    final Instant expiresAt;
    ConnectionState state = ConnectionState.CONNECTION_STATE_INVITED;
    String holderKid;
    PublicKeyJwk holderCommunicationKey;

    Conn(String id, String token, String participantDid, Instant expiresAt) {
      this.id = id;
      this.token = token;
      this.participantDid = participantDid;
      this.expiresAt = expiresAt;
    }
  }

  private record Stream(String recipient, ServerCallStreamObserver<GetMessageStreamResponse> out) {}

  public FakeConnector(Clock clock) {
    this.clock = clock;
    this.verifier = new RequestVerifier(clock, new InMemoryNonceStore(clock), Duration.ofMinutes(5));
  }

  /** Puts the caller's signed-request metadata into the gRPC context for the handlers. */
  public ServerInterceptor metadataInterceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        Map<String, String> metadata = new HashMap<>();
        for (String key : headers.keys()) {
          if (key.startsWith("x-credrelay-")) {
            metadata.put(key, headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
          }
        }
        return Contexts.interceptCall(Context.current().withValue(METADATA, metadata), call,
            headers, next);
      }
    };
  }

  // ---- participant side (plain Java) ----

  public void registerParticipant(String did, String name, PublicKeyJwk communicationKey) {
    synchronized (lock) {
      participants.put(did, new Participant(did, name, List.of(connectionKey(communicationKey))));
    }
  }

  public Generated generateToken(String participantDid, Duration validity) {
    synchronized (lock) {
      String token = UUID.randomUUID().toString().replace("-", "") + "tok";
      Conn conn = new Conn(UUID.randomUUID().toString(), token, participantDid,
          clock.instant().plus(validity));
      connections.put(conn.id, conn);
      return new Generated(token, conn.id, conn.expiresAt);
    }
  }

  /** Called for every message a holder sends to a participant. */
  public void onParticipantMessage(Consumer<Msg> inbox) {
    participantInboxes.add(inbox);
  }

  /** The holder communication key registered at acceptance (what the real connector reports). */
  public PublicKeyJwk holderCommunicationKey(String connectionId) {
    synchronized (lock) {
      return connections.get(connectionId).holderCommunicationKey;
    }
  }

  /** A participant (or, in attack tests, the connector itself) sends to the holder. */
  public String deliverToHolder(String connectionId, ByteString bytes) {
    synchronized (lock) {
      Conn conn = connections.get(connectionId);
      if (conn == null || conn.holderKid == null) {
        throw new IllegalStateException("no holder on " + connectionId);
      }
      return store(conn, conn.participantDid, conn.holderKid, bytes, null).id();
    }
  }

  public String deliverToHolder(String connectionId, AtalaMessage message) {
    return deliverToHolder(connectionId, message.toByteString());
  }

  // ---- attacker hooks ----

  /** The connector sends {@code bytes} to a holder, labelled with any connection id. */
  public String injectToHolder(String holderKid, String connectionId, ByteString bytes) {
    synchronized (lock) {
      Conn label = new Conn(connectionId, "", "", Instant.MAX);
      return store(label, "connector", holderKid, bytes, null).id();
    }
  }

  public Msg message(String messageId) {
    synchronized (lock) {
      return messages.stream().filter(m -> m.id().equals(messageId)).findFirst().orElseThrow();
    }
  }

  /** The connector re-delivers stored bytes as a new message on {@code connectionId}. */
  public String redeliver(String messageId, String connectionId) {
    return deliverToHolder(connectionId, message(messageId).bytes());
  }

  public void overrideCommunicationKeys(String connectionId, List<PublicKeyJwk> keys) {
    synchronized (lock) {
      keyOverrides.put(connectionId, keys.stream().map(FakeConnector::connectionKey).toList());
    }
  }

  /** From now on report {@code key} as the participant's communication key (key substitution). */
  public void substituteParticipantKey(String did, PublicKeyJwk key) {
    synchronized (lock) {
      Participant participant = participants.get(did);
      participants.put(did, new Participant(did, participant.name(), List.of(connectionKey(key))));
    }
  }

  public void overrideTokenParticipant(String token, String did) {
    synchronized (lock) {
      tokenDidOverrides.put(token, did);
    }
  }

  /** Bounds pages in bytes as the real connector does (default: unbounded). */
  public void maxPageBytes(long bytes) {
    this.maxPageBytes = bytes;
  }

  /** Plays a connector that predates {@code has_more}: never sets it. */
  public void withoutHasMore() {
    this.pagesWithHasMore = false;
  }

  public int addConnectionCalls() {
    return addConnectionCalls.get();
  }

  public List<Msg> sentByHolder(String connectionId) {
    synchronized (lock) {
      return messages.stream().filter(m -> m.connectionId().equals(connectionId)
          && holders.containsKey(m.sender())).toList();
    }
  }

  public ConnectionState state(String connectionId) {
    synchronized (lock) {
      return connections.get(connectionId).state;
    }
  }

  // ---- gRPC ----

  @Override
  public void getConnectionTokenInfo(GetConnectionTokenInfoRequest request,
      StreamObserver<GetConnectionTokenInfoResponse> out) {
    respond(out, () -> {
      synchronized (lock) {
        Conn conn = byToken(request.getToken());
        if (conn.state != ConnectionState.CONNECTION_STATE_INVITED) {
          throw Status.FAILED_PRECONDITION.withDescription("token was already used")
              .asRuntimeException();
        }
        String did = tokenDidOverrides.getOrDefault(conn.token, conn.participantDid);
        Participant participant = participants.get(conn.participantDid);
        return GetConnectionTokenInfoResponse.newBuilder().setParticipantDid(did)
            .setParticipantName(participant.name())
            .setParticipantRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER)
            .setExpiresAt(Timestamp.newBuilder().setSeconds(conn.expiresAt.getEpochSecond()))
            .build();
      }
    });
  }

  @Override
  public void addConnectionFromToken(AddConnectionFromTokenRequest request,
      StreamObserver<AddConnectionFromTokenResponse> out) {
    respond(out, () -> {
      addConnectionCalls.incrementAndGet();
      PublicKeyJwk auth = parse(request.getHolderAuthenticationKey().getJwk(), KeyUse.AUTHENTICATION);
      PublicKeyJwk comm = parse(request.getHolderCommunicationKey().getJwk(), KeyUse.COMMUNICATION);
      authenticate(ConnectorServiceGrpc.getAddConnectionFromTokenMethod(), request, auth);
      if (!auth.verifySignature(KeyBinding.bytes(request.getToken(), auth.kid(), comm.kid()),
          request.getKeyBindingProof().toByteArray())) {
        throw Status.UNAUTHENTICATED.withDescription("key_binding_proof does not verify")
            .asRuntimeException();
      }
      synchronized (lock) {
        Conn conn = byToken(request.getToken());
        if (conn.state != ConnectionState.CONNECTION_STATE_INVITED) {
          throw Status.FAILED_PRECONDITION.withDescription("token was already used")
              .asRuntimeException();
        }
        conn.state = ConnectionState.CONNECTION_STATE_CONNECTED;
        conn.holderKid = auth.thumbprint();
        conn.holderCommunicationKey = comm;
        holders.put(auth.thumbprint(), auth);
        return AddConnectionFromTokenResponse.newBuilder().setConnection(info(conn)).build();
      }
    });
  }

  @Override
  public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> out) {
    Msg[] stored = new Msg[1];
    respond(out, () -> {
      String holder = authenticate(ConnectorServiceGrpc.getSendMessageMethod(), request, null);
      try {
        AtalaMessage.parseFrom(request.getMessage());
      } catch (InvalidProtocolBufferException e) {
        throw Status.INVALID_ARGUMENT.withDescription("not an AtalaMessage").asRuntimeException();
      }
      synchronized (lock) {
        Conn conn = connections.get(request.getConnectionId());
        if (conn == null) {
          throw Status.NOT_FOUND.withDescription("unknown connection").asRuntimeException();
        }
        if (!holder.equals(conn.holderKid)) {
          throw Status.PERMISSION_DENIED.withDescription("not your connection").asRuntimeException();
        }
        for (Msg m : messages) {
          if (!request.getClientMessageId().isEmpty() && m.sender().equals(holder)
              && request.getClientMessageId().equals(m.clientMessageId())) {
            if (!m.bytes().equals(request.getMessage())) {
              throw Status.ALREADY_EXISTS.withDescription("client_message_id reused")
                  .asRuntimeException();
            }
            return SendMessageResponse.newBuilder().setId(m.id()).build();
          }
        }
        stored[0] = store(conn, holder, conn.participantDid, request.getMessage(),
            request.getClientMessageId());
        return SendMessageResponse.newBuilder().setId(stored[0].id()).build();
      }
    });
    if (stored[0] != null) {
      participantInboxes.forEach(inbox -> inbox.accept(stored[0]));
    }
  }

  @Override
  public void getMessagesPaginated(GetMessagesPaginatedRequest request,
      StreamObserver<GetMessagesPaginatedResponse> out) {
    respond(out, () -> {
      String holder = authenticate(ConnectorServiceGrpc.getGetMessagesPaginatedMethod(), request,
          null);
      int limit = request.getLimit() == 0 ? 100 : request.getLimit();
      synchronized (lock) {
        List<Msg> waiting = after(holder, request.getLastSeenMessageId());
        GetMessagesPaginatedResponse.Builder page = GetMessagesPaginatedResponse.newBuilder();
        long bytes = 0;
        for (Msg m : waiting) {
          // PROTOCOL.md 5.5: stop at `limit` or before the byte bound, but return at least one.
          bytes += m.bytes().size();
          if (page.getMessagesCount() == limit
              || (page.getMessagesCount() > 0 && bytes > maxPageBytes)) {
            break;
          }
          page.addMessages(m.toProto());
        }
        if (pagesWithHasMore) {
          page.setHasMore(page.getMessagesCount() < waiting.size());
        }
        return page.build();
      }
    });
  }

  @Override
  public void getMessageStream(GetMessageStreamRequest request,
      StreamObserver<GetMessageStreamResponse> out) {
    ServerCallStreamObserver<GetMessageStreamResponse> stream =
        (ServerCallStreamObserver<GetMessageStreamResponse>) out;
    try {
      String holder = authenticate(ConnectorServiceGrpc.getGetMessageStreamMethod(), request, null);
      synchronized (lock) {
        Stream registered = new Stream(holder, stream);
        stream.setOnCancelHandler(() -> {
          synchronized (lock) {
            streams.remove(registered);
          }
        });
        for (Msg m : after(holder, request.getLastSeenMessageId())) {
          stream.onNext(GetMessageStreamResponse.newBuilder().setMessage(m.toProto()).build());
        }
        streams.add(registered);
      }
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  @Override
  public void getConnectionCommunicationKeys(GetConnectionCommunicationKeysRequest request,
      StreamObserver<GetConnectionCommunicationKeysResponse> out) {
    respond(out, () -> {
      String holder = authenticate(ConnectorServiceGrpc.getGetConnectionCommunicationKeysMethod(),
          request, null);
      synchronized (lock) {
        Conn conn = connections.get(request.getConnectionId());
        if (conn == null) {
          throw Status.NOT_FOUND.withDescription("unknown connection").asRuntimeException();
        }
        if (!holder.equals(conn.holderKid)) {
          throw Status.PERMISSION_DENIED.withDescription("not your connection").asRuntimeException();
        }
        List<ConnectionKey> keys = keyOverrides.getOrDefault(conn.id,
            participants.get(conn.participantDid).communicationKeys());
        return GetConnectionCommunicationKeysResponse.newBuilder().addAllKeys(keys).build();
      }
    });
  }

  /** Ends every open stream as a shutting-down server would. */
  public void dropStreams() {
    synchronized (lock) {
      for (Stream s : streams) {
        s.out().onError(Status.UNAVAILABLE.withDescription("server shutting down")
            .asRuntimeException());
      }
      streams.clear();
    }
  }

  // ---- internals ----

  private Msg store(Conn conn, String sender, String recipient, ByteString bytes, String clientId) {
    Msg m = new Msg(UUID.randomUUID().toString(), conn.id, sender, recipient, bytes,
        clock.instant(), clientId);
    messages.add(m);
    for (Stream s : List.copyOf(streams)) {
      if (s.recipient().equals(recipient) && !s.out().isCancelled()) {
        try {
          s.out().onNext(GetMessageStreamResponse.newBuilder().setMessage(m.toProto()).build());
        } catch (StatusRuntimeException e) {
          streams.remove(s); // cancelled meanwhile
        }
      }
    }
    return m;
  }

  private List<Msg> after(String recipient, String lastSeen) {
    int start = 0;
    if (!lastSeen.isEmpty()) {
      start = -1;
      for (int i = 0; i < messages.size(); i++) {
        if (messages.get(i).id().equals(lastSeen) && messages.get(i).recipient().equals(recipient)) {
          start = i + 1;
        }
      }
      if (start < 0) {
        throw Status.INVALID_ARGUMENT.withDescription("unknown last_seen_message_id")
            .asRuntimeException();
      }
    }
    return messages.subList(start, messages.size()).stream()
        .filter(m -> m.recipient().equals(recipient)).toList();
  }

  private Conn byToken(String token) {
    return connections.values().stream().filter(c -> c.token.equals(token)).findFirst()
        .orElseThrow(() -> Status.NOT_FOUND.withDescription("unknown token").asRuntimeException());
  }

  /** Verifies the signed metadata as the real connector does; returns the holder's key id. */
  private String authenticate(MethodDescriptor<?, ?> method, MessageLite request,
      PublicKeyJwk presented) {
    Map<String, String> metadata = METADATA.get();
    if (metadata == null || metadata.containsKey(RequestSignatureHeaders.DID)) {
      throw Status.UNAUTHENTICATED.withDescription("holders sign without a DID").asRuntimeException();
    }
    PublicKeyJwk key = presented;
    if (key == null) {
      synchronized (lock) {
        key = holders.get(metadata.get(RequestSignatureHeaders.KEY_ID));
      }
    }
    if (key == null) {
      throw Status.UNAUTHENTICATED.withDescription("unknown holder key").asRuntimeException();
    }
    try {
      verifier.verify(method.getFullMethodName(), request.toByteArray(), metadata, key);
    } catch (RequestSignatureException e) {
      throw Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException();
    }
    return key.thumbprint();
  }

  private static PublicKeyJwk parse(String jwk, KeyUse use) {
    try {
      return PublicKeyJwk.parse(jwk, use);
    } catch (KeyRejectedException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
  }

  private static ConnectionKey connectionKey(PublicKeyJwk key) {
    return ConnectionKey.newBuilder().setKeyId(key.kid())
        .setPublicKey(PublicKey.newBuilder().setJwk(key.toJson()))
        .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION).build();
  }

  private ConnectionInfo info(Conn conn) {
    return ConnectionInfo.newBuilder().setConnectionId(conn.id).setToken(conn.token)
        .setState(conn.state).setParticipantDid(conn.participantDid)
        .setParticipantName(participants.get(conn.participantDid).name())
        .setHolderKeyId(conn.holderKid == null ? "" : conn.holderKid).build();
  }

  private static <T> void respond(StreamObserver<T> out, Supplier<T> work) {
    T response;
    try {
      response = work.get();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }
}
