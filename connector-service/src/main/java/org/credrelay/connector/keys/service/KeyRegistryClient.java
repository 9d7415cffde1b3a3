package org.credrelay.connector.keys.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.credrelay.connector.config.KeyRegistryProperties;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.keys.HolderKeyRegistration;
import org.credrelay.connector.keys.KeyOwner;
import org.credrelay.connector.keys.RegistryKey;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysResponse;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc.KeyRegistryServiceBlockingStub;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysRequest;
import org.credrelay.rpcsigning.RequestSigningInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's view of the key registry (over gRPC): ACTIVE keys of DIDs and holder connections,
 * and registration of holder keys.
 *
 * <p>Answers are cached for the registry's {@code max_age_seconds}, capped by {@code
 * connector.key-registry.max-cache-age}; as the registry documents, a cached ACTIVE answer can be
 * stale by at most that long after a revocation. A key that is not in a cached answer is looked up
 * again at once, so a newly added or rotated-in key works immediately.
 *
 * <p><b>Refreshed ahead.</b> Once three quarters of an answer's age have passed, the first lookup
 * that finds it starts one refetch in the background and is answered from the cache at once, so a
 * busy sender's calls never wait for the registry while its answer is cached (measured before:
 * every concurrent send of an issuer fetched at once when its 5 s answer expired, ~290 ms each,
 * docs/PERFORMANCE.md). No answer is served older than before: the cached one still expires at the
 * registry's max age; a failed refresh leaves it until then.
 *
 * <p>RegisterConnectionKeys is signed with the connector's own key ({@code rpc-signing}): the
 * registry accepts holder keys only from a connector it trusts (decision 0011). Lookups are public.
 *
 * <p>Registry failures become UNAVAILABLE; an unknown DID or connection has no keys.
 */
public class KeyRegistryClient {

  private static final Logger log = LoggerFactory.getLogger(KeyRegistryClient.class);

  /** The registry's ErrorInfo reason for a holder proof that does not verify. */
  private static final String BAD_KEY_BINDING_PROOF = "BAD_KEY_BINDING_PROOF";

  private final KeyRegistryServiceBlockingStub stub;
  private final KeyRegistryServiceBlockingStub signedStub;
  private final Clock clock;
  private final Duration deadline;
  private final Duration maxCacheAge;

  /**
   * ACTIVE keys by owner and use, each until the registry's max age (capped by max-cache-age)
   * passes; bounded by {@code connector.key-registry.cache-size} and, as a whole, by max-cache-age.
   */
  private final Cache<KeyQuery, CachedKeys> activeKeysByOwner;

  private final RegistryFailureLog failures;

  /** Queries whose refresh ahead of expiry is running: one refetch per query at a time. */
  private final Set<KeyQuery> refreshing = ConcurrentHashMap.newKeySet();

  private final Executor refresher;

  /**
   * @param signer the connector's request signer for RegisterConnectionKeys; null sends it unsigned
   *     (the registry refuses it)
   */
  public KeyRegistryClient(
      KeyRegistryServiceBlockingStub stub,
      RequestSigner signer,
      Clock clock,
      KeyRegistryProperties properties) {
    this(
        stub,
        signer,
        clock,
        properties,
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "key-registry-refresh");
              thread.setDaemon(true);
              return thread;
            }));
  }

  /** As above, refreshing answers ahead of expiry on {@code refresher} (tests: the caller). */
  KeyRegistryClient(
      KeyRegistryServiceBlockingStub stub,
      RequestSigner signer,
      Clock clock,
      KeyRegistryProperties properties,
      Executor refresher) {
    this.refresher = refresher;
    this.stub = stub;
    this.signedStub =
        signer == null ? stub : stub.withInterceptors(new RequestSigningInterceptor(signer));
    this.clock = clock;
    this.deadline = properties.deadline();
    this.maxCacheAge = properties.maxCacheAge();
    this.activeKeysByOwner =
        Caffeine.newBuilder()
            .maximumSize(properties.cacheSize())
            .expireAfterWrite(maxCacheAge)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
    this.failures = new RegistryFailureLog(clock);
  }

  /** The owner's ACTIVE keys of {@code use} (possibly cached). */
  public List<RegistryKey> activeKeys(KeyOwner owner, KeyUse use) {
    KeyQuery key = new KeyQuery(owner, use);
    CachedKeys cached = activeKeysByOwner.getIfPresent(key);
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.expiresAt())) {
      if (!now.isBefore(cached.refreshAt())) {
        refreshAhead(key);
      }
      return cached.keys();
    }
    return fetch(key);
  }

  private void refreshAhead(KeyQuery key) {
    if (!refreshing.add(key)) {
      return;
    }
    try {
      refresher.execute(
          () -> {
            try {
              fetch(key);
            } catch (ConnectorException unavailable) {
              // Logged once per distinct failure by fetch; the cached answer serves until expiry.
            } finally {
              refreshing.remove(key);
            }
          });
    } catch (RuntimeException rejected) {
      refreshing.remove(key);
    }
  }

  /**
   * The owner's ACTIVE keys of {@code use} as the registry reports them now; the cached answer only
   * if the registry cannot be reached. For answers a receiver compares with the keys a handshake
   * pinned (GetConnectionCommunicationKeys): a cached list from before a rotation would lack the
   * key the issuer now hands out, and the holder would take the stale answer for a substitution.
   */
  public List<RegistryKey> currentActiveKeys(KeyOwner owner, KeyUse use) {
    KeyQuery key = new KeyQuery(owner, use);
    try {
      return fetch(key);
    } catch (ConnectorException unavailable) {
      CachedKeys cached = activeKeysByOwner.getIfPresent(key);
      if (cached != null && clock.instant().isBefore(cached.expiresAt())) {
        return cached.keys();
      }
      throw unavailable;
    }
  }

  /** The owner's ACTIVE key {@code keyId} of {@code use}; refetches once if the cache lacks it. */
  public Optional<RegistryKey> activeKey(KeyOwner owner, KeyUse use, String keyId) {
    Optional<RegistryKey> found = find(activeKeys(owner, use), keyId);
    return found.isPresent() ? found : find(fetch(new KeyQuery(owner, use)), keyId);
  }

  /**
   * Registers a holder's keys for a connection.
   *
   * @return false if the registry already has keys for this connection
   */
  public boolean registerConnectionKeys(HolderKeyRegistration registration) {
    RegisterConnectionKeysRequest request =
        RegisterConnectionKeysRequest.newBuilder()
            .setConnectionId(registration.connectionId().toString())
            .setToken(registration.token())
            .setAuthenticationKey(PublicKey.newBuilder().setJwk(registration.authenticationJwk()))
            .setCommunicationKey(PublicKey.newBuilder().setJwk(registration.communicationJwk()))
            .setKeyBindingProof(ByteString.copyFrom(registration.keyBindingProof()))
            .build();
    try {
      signedStub
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .registerConnectionKeys(request);
      KeyOwner owner = new KeyOwner.Connection(registration.connectionId());
      activeKeysByOwner.asMap().keySet().removeIf(key -> key.owner().equals(owner));
      return true;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      return switch (code) {
        case ALREADY_EXISTS -> false;
        case INVALID_ARGUMENT ->
            throw new ConnectorException(
                ErrorReason.INVALID_HOLDER_KEY,
                "key registry refused the keys: " + e.getStatus().getDescription());
        case UNAUTHENTICATED, PERMISSION_DENIED -> throw refusedByRegistry(e);
        default -> throw unavailable(e);
      };
    }
  }

  /**
   * The holder's bad key binding proof is the caller's fault; any other authentication refusal is
   * the registry not accepting this connector (no or an untrusted signing key): a configuration
   * error of the operators, logged, and UNAVAILABLE to the holder, who can retry once it is fixed.
   */
  private static ConnectorException refusedByRegistry(StatusRuntimeException e) {
    if (BAD_KEY_BINDING_PROOF.equals(reasonOf(e))) {
      return new ConnectorException(
          ErrorReason.KEY_BINDING_PROOF_INVALID, "key registry refused the key binding proof");
    }
    log.error(
        "The key registry refused this connector's registration request ({}): check "
            + "connector.key-registry.signing-key and the registry's keyregistry.connectors.trusted-keys",
        e.getStatus());
    return new ConnectorException(
        ErrorReason.KEY_REGISTRY_UNAVAILABLE,
        "key registry does not accept this connector; retry later");
  }

  private static String reasonOf(StatusRuntimeException e) {
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    if (details == null) {
      return "";
    }
    return details.getDetailsList().stream()
        .filter(any -> any.is(ErrorInfo.class))
        .map(
            any -> {
              try {
                return any.unpack(ErrorInfo.class).getReason();
              } catch (InvalidProtocolBufferException malformed) {
                return "";
              }
            })
        .findFirst()
        .orElse("");
  }

  private List<RegistryKey> fetch(KeyQuery key) {
    GetActiveKeysRequest.Builder request =
        GetActiveKeysRequest.newBuilder().setUsage(usage(key.use()));
    if (key.owner() instanceof KeyOwner.Did did) {
      request.setDid(did.did());
    } else if (key.owner() instanceof KeyOwner.Connection connection) {
      request.setConnectionId(connection.connectionId().toString());
    }
    GetActiveKeysResponse response;
    try {
      response = withDeadline().getActiveKeys(request.build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return List.of();
      }
      throw unavailable(e);
    }
    List<RegistryKey> keys =
        response.getKeysList().stream()
            .filter(k -> k.getUsage() == usage(key.use()))
            .map(k -> new RegistryKey(k.getKeyId(), key.use(), k.getPublicKey().getJwk()))
            .toList();
    remember(key, keys, response.getMaxAgeSeconds());
    return keys;
  }

  private void remember(KeyQuery key, List<RegistryKey> keys, int maxAgeSeconds) {
    Duration age = Duration.ofSeconds(Math.max(0, maxAgeSeconds));
    if (age.compareTo(maxCacheAge) > 0) {
      age = maxCacheAge;
    }
    if (age.isZero()) {
      activeKeysByOwner.invalidate(key);
      return;
    }
    Instant now = clock.instant();
    activeKeysByOwner.put(
        key, new CachedKeys(keys, now.plus(age.multipliedBy(3).dividedBy(4)), now.plus(age)));
  }

  /** How many answers are cached now (after pending evictions ran); for tests of the bounds. */
  long cachedAnswers() {
    activeKeysByOwner.cleanUp();
    return activeKeysByOwner.estimatedSize();
  }

  private KeyRegistryServiceBlockingStub withDeadline() {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ConnectorException unavailable(StatusRuntimeException e) {
    failures.failed(e.getStatus());
    return new ConnectorException(
        ErrorReason.KEY_REGISTRY_UNAVAILABLE, "key registry unavailable; retry later");
  }

  private static Optional<RegistryKey> find(List<RegistryKey> keys, String keyId) {
    return keys.stream().filter(k -> k.keyId().equals(keyId)).findFirst();
  }

  private static KeyUsage usage(KeyUse use) {
    return use == KeyUse.COMMUNICATION
        ? KeyUsage.KEY_USAGE_COMMUNICATION
        : KeyUsage.KEY_USAGE_AUTHENTICATION;
  }

  private record KeyQuery(KeyOwner owner, KeyUse use) {}

  /** An answer, refreshed in the background from {@code refreshAt}, served until expiresAt. */
  private record CachedKeys(List<RegistryKey> keys, Instant refreshAt, Instant expiresAt) {}
}
