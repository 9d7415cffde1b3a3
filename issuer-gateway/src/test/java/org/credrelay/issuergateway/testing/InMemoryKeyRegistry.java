package org.credrelay.issuergateway.testing;

import com.google.protobuf.MessageLite;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
import org.credrelay.e2ecrypto.signing.RequestSignatureException;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.proto.common.v1.KeyStatus;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.AddDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.AddDidKeyResponse;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysResponse;
import org.credrelay.proto.keyregistry.v1.GetDidRequest;
import org.credrelay.proto.keyregistry.v1.GetDidResponse;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryResponse;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterDidRequest;
import org.credrelay.proto.keyregistry.v1.RegisterDidResponse;
import org.credrelay.proto.keyregistry.v1.RegisteredKey;
import org.credrelay.proto.keyregistry.v1.RotateDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateDidKeyResponse;
import org.credrelay.testsupport.connector.CallMetadata;

/**
 * Test double of the key registry: DIDs and their keys in memory, with the real request-signature
 * check (RegisterDid signed by the key being registered, AddDidKey and RotateDidKey by an ACTIVE
 * authentication key of the DID), and holders' connection keys as the connector registers them when
 * a holder accepts ({@link #registerConnectionKeys}; {@link TestHolder#accept} does it). Only what
 * the gateway calls is implemented. Not the real service.
 */
public final class InMemoryKeyRegistry extends KeyRegistryServiceGrpc.KeyRegistryServiceImplBase {

  private final Map<String, List<RegisteredKey>> dids = new ConcurrentHashMap<>();
  private final Map<String, List<RegisteredKey>> connections = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> connectionLookups = new ConcurrentHashMap<>();
  private final RequestVerifier verifier;
  private final HolderKeyLogs connectionLogs;
  private volatile Status failure;

  public InMemoryKeyRegistry(Clock clock) {
    this.connectionLogs = new HolderKeyLogs(clock);
    this.verifier =
        new RequestVerifier(clock, new InMemoryNonceStore(clock), Duration.ofMinutes(5));
  }

  /** Every call fails with {@code status} until {@link #recover()}. */
  public void failWith(Status status) {
    failure = status;
  }

  public void recover() {
    failure = null;
  }

  @Override
  public void registerDid(
      RegisterDidRequest request, StreamObserver<RegisterDidResponse> response) {
    handle(
        response,
        () -> {
          PublicKeyJwk auth = parse(request.getAuthenticationKey(), KeyUse.AUTHENTICATION);
          verify(request, auth);
          if (!request.getDid().equals(CallMetadata.headers().get(RequestSignatureHeaders.DID))) {
            throw Status.UNAUTHENTICATED.withDescription("DID header differs").asRuntimeException();
          }
          List<RegisteredKey> keys = new CopyOnWriteArrayList<>();
          keys.add(registered(request.getDid(), auth, KeyUsage.KEY_USAGE_AUTHENTICATION));
          for (PublicKey comm : request.getCommunicationKeysList()) {
            keys.add(
                registered(
                    request.getDid(),
                    parse(comm, KeyUse.COMMUNICATION),
                    KeyUsage.KEY_USAGE_COMMUNICATION));
          }
          if (dids.putIfAbsent(request.getDid(), keys) != null) {
            throw Status.ALREADY_EXISTS.withDescription("DID registered").asRuntimeException();
          }
          return RegisterDidResponse.newBuilder().addAllKeys(keys).build();
        });
  }

  @Override
  public void addDidKey(AddDidKeyRequest request, StreamObserver<AddDidKeyResponse> response) {
    handle(
        response,
        () -> {
          List<RegisteredKey> keys = known(request.getDid());
          String signerKid = CallMetadata.headers().get(RequestSignatureHeaders.KEY_ID);
          PublicKeyJwk signer =
              activeAuthenticationKey(request.getDid(), signerKid)
                  .orElseThrow(
                      () ->
                          Status.PERMISSION_DENIED
                              .withDescription("not an ACTIVE authentication key")
                              .asRuntimeException());
          verify(request, signer);
          PublicKeyJwk fresh =
              parse(
                  request.getPublicKey(),
                  request.getUsage() == KeyUsage.KEY_USAGE_COMMUNICATION
                      ? KeyUse.COMMUNICATION
                      : KeyUse.AUTHENTICATION);
          synchronized (keys) {
            if (keys.stream().anyMatch(k -> k.getKeyId().equals(fresh.kid()))) {
              throw Status.ALREADY_EXISTS.withDescription("kid exists").asRuntimeException();
            }
            RegisteredKey added = registered(request.getDid(), fresh, request.getUsage());
            keys.add(added);
            return AddDidKeyResponse.newBuilder().setKey(added).build();
          }
        });
  }

  @Override
  public void rotateDidKey(
      RotateDidKeyRequest request, StreamObserver<RotateDidKeyResponse> response) {
    handle(
        response,
        () -> {
          List<RegisteredKey> keys = known(request.getDid());
          String signerKid = CallMetadata.headers().get(RequestSignatureHeaders.KEY_ID);
          PublicKeyJwk signer =
              activeAuthenticationKey(request.getDid(), signerKid)
                  .orElseThrow(
                      () ->
                          Status.PERMISSION_DENIED
                              .withDescription("not an ACTIVE authentication key")
                              .asRuntimeException());
          verify(request, signer);
          synchronized (keys) {
            RegisteredKey old =
                keys.stream()
                    .filter(k -> k.getKeyId().equals(request.getOldKeyId()))
                    .findFirst()
                    .orElseThrow(() -> Status.NOT_FOUND.asRuntimeException());
            if (old.getStatus() != KeyStatus.KEY_STATUS_ACTIVE) {
              throw Status.FAILED_PRECONDITION
                  .withDescription("old key not ACTIVE")
                  .asRuntimeException();
            }
            PublicKeyJwk fresh =
                parse(
                    request.getNewPublicKey(),
                    old.getUsage() == KeyUsage.KEY_USAGE_COMMUNICATION
                        ? KeyUse.COMMUNICATION
                        : KeyUse.AUTHENTICATION);
            if (keys.stream().anyMatch(k -> k.getKeyId().equals(fresh.kid()))) {
              throw Status.ALREADY_EXISTS.withDescription("new kid exists").asRuntimeException();
            }
            RegisteredKey revoked = old.toBuilder().setStatus(KeyStatus.KEY_STATUS_REVOKED).build();
            keys.set(keys.indexOf(old), revoked);
            RegisteredKey added =
                registered(request.getDid(), fresh, old.getUsage()).toBuilder()
                    .setReplacesKeyId(old.getKeyId())
                    .build();
            keys.add(added);
            return RotateDidKeyResponse.newBuilder().setNewKey(added).setOldKey(revoked).build();
          }
        });
  }

  @Override
  public void getDid(GetDidRequest request, StreamObserver<GetDidResponse> response) {
    handle(
        response,
        () ->
            GetDidResponse.newBuilder()
                .setDid(request.getDid())
                .addAllKeys(known(request.getDid()))
                .build());
  }

  @Override
  public void getActiveKeys(
      GetActiveKeysRequest request, StreamObserver<GetActiveKeysResponse> response) {
    if (request.hasConnectionId()) {
      connectionLookups
          .computeIfAbsent(request.getConnectionId(), id -> new AtomicInteger())
          .incrementAndGet();
    }
    handle(
        response,
        () -> {
          List<RegisteredKey> keys =
              request.hasConnectionId()
                  ? connections.get(request.getConnectionId())
                  : dids.get(request.getDid());
          if (keys == null) {
            throw Status.NOT_FOUND.withDescription("unknown owner").asRuntimeException();
          }
          return GetActiveKeysResponse.newBuilder()
              .setMaxAgeSeconds(5)
              .addAllKeys(
                  keys.stream()
                      .filter(k -> k.getStatus() == KeyStatus.KEY_STATUS_ACTIVE)
                      .filter(
                          k ->
                              request.getUsage() == KeyUsage.KEY_USAGE_UNSPECIFIED
                                  || k.getUsage() == request.getUsage())
                      .toList())
              .build();
        });
  }

  // ---- the connector's and the holder's side -------------------------------------------------

  /** What the connector does when a holder accepts a token (RegisterConnectionKeys). */
  public void registerConnectionKeys(
      String connectionId, PublicKeyJwk authenticationKey, PublicKeyJwk communicationKey) {
    connections.put(
        connectionId,
        new CopyOnWriteArrayList<>(
            List.of(
                connectionKey(connectionId, authenticationKey, KeyUsage.KEY_USAGE_AUTHENTICATION),
                connectionKey(connectionId, communicationKey, KeyUsage.KEY_USAGE_COMMUNICATION))));
  }

  /**
   * {@link #registerConnectionKeys(String, PublicKeyJwk, PublicKeyJwk)} with the connection's key
   * event log written as the real registry writes it, authorised by the holder's key binding proof.
   */
  public void registerConnectionKeys(
      String connectionId,
      String token,
      KeyPairJwk authenticationKey,
      PublicKeyJwk communicationKey) {
    registerConnectionKeys(connectionId, authenticationKey.publicKey(), communicationKey);
    connectionLogs.register(connectionId, token, authenticationKey, communicationKey);
  }

  /** The key event logs of holder connections (S8), for tests that rewrite them. */
  public HolderKeyLogs connectionLogs() {
    return connectionLogs;
  }

  @Override
  public void getKeyHistory(
      GetKeyHistoryRequest request, StreamObserver<GetKeyHistoryResponse> response) {
    handle(
        response,
        () -> {
          if (!connectionLogs.knows(request.getConnectionId())) {
            throw Status.NOT_FOUND.withDescription("unknown connection").asRuntimeException();
          }
          return connectionLogs.page(request.getConnectionId(), request.getFromSequence());
        });
  }

  /** An operator revokes a key of a holder's connection (the event goes into its log too). */
  public void revokeConnectionKey(String connectionId, String keyId) {
    List<RegisteredKey> keys = connections.get(connectionId);
    keys.stream()
        .filter(k -> k.getKeyId().equals(keyId) && connectionLogs.knows(connectionId))
        .findFirst()
        .ifPresent(
            k ->
                connectionLogs.revoke(
                    connectionId,
                    parseUnchecked(
                        k.getPublicKey(),
                        k.getUsage() == KeyUsage.KEY_USAGE_COMMUNICATION
                            ? KeyUse.COMMUNICATION
                            : KeyUse.AUTHENTICATION),
                    k.getUsage() == KeyUsage.KEY_USAGE_COMMUNICATION
                        ? org.credrelay.keyhistory.KeyUsage.COMMUNICATION
                        : org.credrelay.keyhistory.KeyUsage.AUTHENTICATION));
    keys.replaceAll(
        k ->
            k.getKeyId().equals(keyId)
                ? k.toBuilder().setStatus(KeyStatus.KEY_STATUS_REVOKED).build()
                : k);
  }

  /** A malicious registry: serve {@code key} as the holder's only communication key from now on. */
  public void substituteConnectionKey(String connectionId, PublicKeyJwk key) {
    List<RegisteredKey> keys = connections.get(connectionId);
    keys.removeIf(k -> k.getUsage() == KeyUsage.KEY_USAGE_COMMUNICATION);
    keys.add(connectionKey(connectionId, key, KeyUsage.KEY_USAGE_COMMUNICATION));
  }

  /** How often the ACTIVE keys of {@code connectionId} were asked for. */
  public int activeKeyLookups(String connectionId) {
    AtomicInteger count = connectionLookups.get(connectionId);
    return count == null ? 0 : count.get();
  }

  /** An ACTIVE authentication key of {@code did} with {@code kid}, for the connector double. */
  public Optional<PublicKeyJwk> activeAuthenticationKey(String did, String kid) {
    List<RegisteredKey> keys = dids.get(did);
    if (keys == null || kid == null) {
      return Optional.empty();
    }
    return keys.stream()
        .filter(
            k ->
                k.getKeyId().equals(kid)
                    && k.getUsage() == KeyUsage.KEY_USAGE_AUTHENTICATION
                    && k.getStatus() == KeyStatus.KEY_STATUS_ACTIVE)
        .findFirst()
        .map(k -> parseUnchecked(k.getPublicKey(), KeyUse.AUTHENTICATION));
  }

  /** ACTIVE keys of a DID as the registry would serve them (the fake connector and holders ask). */
  /** Drops a DID's key as if it had never been registered (a tenant from before a curve). */
  public void forget(String did, String kid) {
    dids.getOrDefault(did, List.of()).removeIf(key -> key.getKeyId().equals(kid));
  }

  public List<PublicKeyJwk> activeKeys(String did) {
    return dids.getOrDefault(did, List.of()).stream()
        .filter(k -> k.getStatus() == KeyStatus.KEY_STATUS_ACTIVE)
        .map(
            k ->
                parseUnchecked(
                    k.getPublicKey(),
                    k.getUsage() == KeyUsage.KEY_USAGE_COMMUNICATION
                        ? KeyUse.COMMUNICATION
                        : KeyUse.AUTHENTICATION))
        .toList();
  }

  public List<RegisteredKey> keys(String did) {
    return List.copyOf(dids.getOrDefault(did, List.of()));
  }

  public boolean registered(String did) {
    return dids.containsKey(did);
  }

  private List<RegisteredKey> known(String did) {
    List<RegisteredKey> keys = dids.get(did);
    if (keys == null) {
      throw Status.NOT_FOUND.withDescription("unknown DID").asRuntimeException();
    }
    return keys;
  }

  private void verify(MessageLite request, PublicKeyJwk key) {
    try {
      verifier.verify(CallMetadata.method(), request.toByteArray(), CallMetadata.headers(), key);
    } catch (RequestSignatureException e) {
      throw Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException();
    }
  }

  private static RegisteredKey registered(String did, PublicKeyJwk key, KeyUsage usage) {
    return RegisteredKey.newBuilder()
        .setKeyId(key.kid())
        .setUsage(usage)
        .setCurve(key.curve().crv())
        .setPublicKey(PublicKey.newBuilder().setJwk(key.toJson()))
        .setStatus(KeyStatus.KEY_STATUS_ACTIVE)
        .setDid(did)
        .build();
  }

  private static RegisteredKey connectionKey(
      String connectionId, PublicKeyJwk key, KeyUsage usage) {
    return RegisteredKey.newBuilder()
        .setKeyId(key.kid())
        .setUsage(usage)
        .setCurve(key.curve().crv())
        .setPublicKey(PublicKey.newBuilder().setJwk(key.toJson()))
        .setStatus(KeyStatus.KEY_STATUS_ACTIVE)
        .setConnectionId(connectionId)
        .build();
  }

  private static PublicKeyJwk parse(PublicKey key, KeyUse use) {
    try {
      return Keys.parsePublic(key.getJwk(), use);
    } catch (KeyRejectedException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
  }

  private static PublicKeyJwk parseUnchecked(PublicKey key, KeyUse use) {
    try {
      return Keys.parsePublic(key.getJwk(), use);
    } catch (KeyRejectedException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> void handle(StreamObserver<T> response, java.util.function.Supplier<T> call) {
    Status down = failure;
    if (down != null) {
      response.onError(down.asRuntimeException());
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
