package org.credrelay.connector.support;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.common.v1.KeyStatus;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysResponse;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysRequest;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysResponse;
import org.credrelay.proto.keyregistry.v1.RegisteredKey;

/**
 * TEST DOUBLE of the key registry: {@code KeyRegistryService} over real gRPC (an in-process server
 * named {@value #SERVER_NAME}) with simple in-memory semantics — only GetActiveKeys and
 * RegisterConnectionKeys, no signed events, no history. Tests register DID keys directly. The real
 * registry is exercised by the end-to-end tests of a later module.
 */
public final class InMemoryKeyRegistryDouble
    extends KeyRegistryServiceGrpc.KeyRegistryServiceImplBase {

  public static final String SERVER_NAME = "connector-test-key-registry";
  public static final String TARGET = "in-process:" + SERVER_NAME;

  private static final InMemoryKeyRegistryDouble SHARED = new InMemoryKeyRegistryDouble();
  private static Server server;

  private final Map<String, StoredKey> keys = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private volatile boolean unavailable;
  private volatile int maxAgeSeconds;

  private record StoredKey(String owner, RegisteredKey key) {}

  private InMemoryKeyRegistryDouble() {}

  /** The JVM's double, its in-process server started on first use. */
  public static synchronized InMemoryKeyRegistryDouble shared() {
    if (server == null) {
      try {
        server =
            InProcessServerBuilder.forName(SERVER_NAME)
                .directExecutor()
                .addService(SHARED)
                .build()
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    }
    return SHARED;
  }

  public void addDidKey(String did, PublicKeyJwk key) {
    keys.put(key.kid(), new StoredKey("did:" + did, registered(key, KeyStatus.KEY_STATUS_ACTIVE)));
  }

  public void revoke(String keyId) {
    keys.computeIfPresent(
        keyId,
        (kid, stored) ->
            new StoredKey(
                stored.owner(),
                stored.key().toBuilder().setStatus(KeyStatus.KEY_STATUS_REVOKED).build()));
  }

  /** While true every call fails with UNAVAILABLE. */
  public void setUnavailable(boolean unavailable) {
    this.unavailable = unavailable;
  }

  /** The max_age_seconds of lookups (0 by default, so tests see changes at once). */
  public void setMaxAgeSeconds(int maxAgeSeconds) {
    this.maxAgeSeconds = maxAgeSeconds;
  }

  public int lookups() {
    return lookups.get();
  }

  /** The keys registered for a holder connection (any status). */
  public List<RegisteredKey> connectionKeys(String connectionId) {
    return keys.values().stream()
        .filter(k -> k.owner().equals("connection:" + connectionId))
        .map(StoredKey::key)
        .toList();
  }

  @Override
  public void getActiveKeys(
      GetActiveKeysRequest request, StreamObserver<GetActiveKeysResponse> responses) {
    lookups.incrementAndGet();
    if (unavailable) {
      responses.onError(Status.UNAVAILABLE.asRuntimeException());
      return;
    }
    String owner =
        request.hasDid() ? "did:" + request.getDid() : "connection:" + request.getConnectionId();
    List<StoredKey> owned = keys.values().stream().filter(k -> k.owner().equals(owner)).toList();
    if (owned.isEmpty()) {
      responses.onError(Status.NOT_FOUND.withDescription("unknown owner").asRuntimeException());
      return;
    }
    responses.onNext(
        GetActiveKeysResponse.newBuilder()
            .addAllKeys(
                owned.stream()
                    .map(StoredKey::key)
                    .filter(k -> k.getStatus() == KeyStatus.KEY_STATUS_ACTIVE)
                    .filter(
                        k ->
                            request.getUsage() == KeyUsage.KEY_USAGE_UNSPECIFIED
                                || k.getUsage() == request.getUsage())
                    .toList())
            .setMaxAgeSeconds(maxAgeSeconds)
            .build());
    responses.onCompleted();
  }

  @Override
  public void registerConnectionKeys(
      RegisterConnectionKeysRequest request,
      StreamObserver<RegisterConnectionKeysResponse> responses) {
    if (unavailable) {
      responses.onError(Status.UNAVAILABLE.asRuntimeException());
      return;
    }
    String owner = "connection:" + request.getConnectionId();
    if (keys.values().stream().anyMatch(k -> k.owner().equals(owner))) {
      responses.onError(Status.ALREADY_EXISTS.asRuntimeException());
      return;
    }
    PublicKeyJwk authentication;
    PublicKeyJwk communication;
    try {
      authentication =
          PublicKeyJwk.parse(request.getAuthenticationKey().getJwk(), KeyUse.AUTHENTICATION);
      communication =
          PublicKeyJwk.parse(request.getCommunicationKey().getJwk(), KeyUse.COMMUNICATION);
    } catch (KeyRejectedException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    byte[] binding =
        ("credrelay-key-binding-v1\n"
                + request.getToken()
                + "\n"
                + authentication.kid()
                + "\n"
                + communication.kid())
            .getBytes(StandardCharsets.US_ASCII);
    if (!authentication.verifySignature(binding, request.getKeyBindingProof().toByteArray())) {
      responses.onError(Status.UNAUTHENTICATED.asRuntimeException());
      return;
    }
    RegisteredKey auth =
        registered(authentication, KeyStatus.KEY_STATUS_ACTIVE).toBuilder()
            .setConnectionId(request.getConnectionId())
            .build();
    RegisteredKey comm =
        registered(communication, KeyStatus.KEY_STATUS_ACTIVE).toBuilder()
            .setConnectionId(request.getConnectionId())
            .build();
    keys.put(auth.getKeyId(), new StoredKey(owner, auth));
    keys.put(comm.getKeyId(), new StoredKey(owner, comm));
    responses.onNext(
        RegisterConnectionKeysResponse.newBuilder().addKeys(auth).addKeys(comm).build());
    responses.onCompleted();
  }

  private static RegisteredKey registered(PublicKeyJwk key, KeyStatus status) {
    return RegisteredKey.newBuilder()
        .setKeyId(key.kid())
        .setUsage(
            key.use() == KeyUse.COMMUNICATION
                ? KeyUsage.KEY_USAGE_COMMUNICATION
                : KeyUsage.KEY_USAGE_AUTHENTICATION)
        .setCurve(key.curve().crv())
        .setPublicKey(PublicKey.newBuilder().setJwk(key.toJson()))
        .setStatus(status)
        .build();
  }
}
