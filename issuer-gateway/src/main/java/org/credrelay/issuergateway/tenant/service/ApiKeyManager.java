package org.credrelay.issuergateway.tenant.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.credrelay.issuergateway.config.ApiKeyProperties;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.tenant.ApiKey;
import org.credrelay.issuergateway.tenant.ApiKeyScope;
import org.credrelay.issuergateway.tenant.service.ApiKeys.GeneratedApiKey;
import org.credrelay.issuergateway.tenant.store.ApiKeyStore;
import org.credrelay.issuergateway.tenant.store.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life cycle of tenant API keys: authenticate (a verified key is trusted for {@code
 * gateway.api-keys.cache-ttl}, 5 s: a key revoked here fails on the next request, on other replicas
 * within that bound), list, mint (within the per-tenant limit of active keys), revoke one, revoke
 * all. Logs name keys by their public key id, never the secret.
 *
 * <p>A key in use needs no database connection on the request thread: once its entry is half the
 * bound old, the next request that presents it starts a read in the background ({@code
 * gw-api-key-refresh}, one thread, a bounded queue) and is answered from the entry, and the
 * once-a-minute {@code lastUsedAt} write runs there too. So a burst that holds every pooled
 * connection does not turn into 503s at authentication (decision 0062-gwaccept2); only a key not
 * used within the bound is read on the request thread.
 */
@Service
public class ApiKeyManager implements DisposableBean {

  private static final Logger SECURITY = LoggerFactory.getLogger("SECURITY");
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyManager.class);
  private static final int MAX_QUEUED_BACKGROUND_READS = 1024;

  private final ApiKeyStore store;
  private final TenantStore tenants;
  private final ApiKeyProperties properties;
  private final TransactionTemplate transactions;
  private final SecureRandom random;
  private final Clock clock;
  private final ActiveApiKeyCache cache;
  private final ThreadPoolExecutor background;

  public ApiKeyManager(
      ApiKeyStore store,
      TenantStore tenants,
      ApiKeyProperties properties,
      TransactionTemplate transactions,
      SecureRandom random,
      Clock clock) {
    this.store = store;
    this.tenants = tenants;
    this.properties = properties;
    this.transactions = transactions;
    this.random = random;
    this.clock = clock;
    this.cache = new ActiveApiKeyCache(properties, clock);
    // A full queue drops the task: a dropped refresh means the entry expires and the next request
    // reads the key itself; a dropped touch only delays lastUsedAt by a resolution.
    this.background =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED_BACKGROUND_READS),
            task -> {
              Thread thread = new Thread(task, "gw-api-key-refresh");
              thread.setDaemon(true);
              return thread;
            },
            (task, executor) -> LOG.debug("API key background queue full; task dropped"));
  }

  @Override
  public void destroy() {
    background.shutdownNow();
  }

  /**
   * The active key presented as {@code apiKey}; empty for an unknown or revoked key. An active key
   * verified within {@code gateway.api-keys.cache-ttl} is not read again ({@link
   * ActiveApiKeyCache}).
   */
  public Optional<ApiKey> authenticate(String apiKey) {
    byte[] hash = ApiKeys.hash(apiKey);
    Instant now = clock.instant();
    ActiveApiKeyCache.Entry entry = cache.get(hash);
    if (entry == null) {
      Optional<ApiKey> found = store.findByHash(hash);
      if (found.isEmpty()) {
        ApiKeys.claimedKeyId(apiKey)
            .ifPresent(
                keyId -> SECURITY.info("security_event=UNKNOWN_API_KEY claimed_key_id={}", keyId));
        return Optional.empty();
      }
      ApiKey key = found.get();
      if (!key.active()) {
        SECURITY.warn(
            "security_event=REVOKED_API_KEY_USED tenant={} key_id={} revoked_at={}",
            key.tenantId(),
            key.keyId(),
            key.revokedAt());
        return Optional.empty();
      }
      entry = cache.put(hash, key, now);
    } else if (cache.due(entry, now) && entry.claimRefresh()) {
      ActiveApiKeyCache.Entry stale = entry;
      background.execute(() -> refresh(hash, stale));
    }
    Instant staleBefore = now.minus(properties.lastUsedResolution());
    if (entry.lastUsedAt() == null || entry.lastUsedAt().isBefore(staleBefore)) {
      entry.used(now);
      String keyId = entry.key().keyId();
      background.execute(() -> touch(keyId, now, staleBefore));
    }
    return Optional.of(entry.key());
  }

  /** When this replica last read the key from the database, if it holds it (for tests). */
  Optional<Instant> verifiedAt(String apiKey) {
    return Optional.ofNullable(cache.get(ApiKeys.hash(apiKey)))
        .map(ActiveApiKeyCache.Entry::verifiedAt);
  }

  /**
   * Reads a held key again (on the background thread): a key still active gets a fresh entry, one
   * revoked or deleted meanwhile is forgotten; on a failed read the entry stays until it expires.
   */
  private void refresh(byte[] hash, ActiveApiKeyCache.Entry stale) {
    try {
      Instant readAt = clock.instant();
      Optional<ApiKey> found = store.findByHash(hash);
      if (found.isPresent() && found.get().active()) {
        cache.refreshed(hash, stale, found.get(), readAt);
      } else {
        cache.evict(hash, stale);
      }
    } catch (RuntimeException e) {
      stale.refreshFailed();
      LOG.warn("could not read API key {} again: {}", stale.key().keyId(), e.toString());
    }
  }

  private void touch(String keyId, Instant now, Instant staleBefore) {
    try {
      store.touch(keyId, now, staleBefore);
    } catch (RuntimeException e) {
      LOG.warn("could not record the use of API key {}: {}", keyId, e.toString());
    }
  }

  /** All keys of the tenant (revoked ones too), oldest first. */
  public List<ApiKey> list(UUID tenantId) {
    return store.list(tenantId);
  }

  /** A new key for the tenant, shown once; 409 if the tenant already holds the most active keys. */
  public CreatedApiKey create(UUID tenantId, String label, Set<ApiKeyScope> scopes) {
    GeneratedApiKey generated = ApiKeys.generate(random);
    Instant now = clock.instant();
    transactions.executeWithoutResult(
        status -> {
          if (store.lockTenantAndCountActive(tenantId) >= properties.maxActivePerTenant()) {
            throw GatewayException.conflict(
                "the tenant holds "
                    + properties.maxActivePerTenant()
                    + " active API keys, the most allowed (gateway.api-keys.max-active-per-tenant); "
                    + "revoke one first");
          }
          store.add(
              ApiKeys.hash(generated.apiKey()), generated.keyId(), tenantId, label, scopes, now);
        });
    SECURITY.info(
        "security_event=API_KEY_CREATED tenant={} key_id={} scopes={}",
        tenantId,
        generated.keyId(),
        scopes);
    return new CreatedApiKey(
        new ApiKey(generated.keyId(), tenantId, label, Set.copyOf(scopes), now, null, null),
        generated.apiKey());
  }

  /**
   * The operator issues a key with every scope (recovery after {@link #revokeAll}); 404 if no
   * tenant.
   */
  public CreatedApiKey issueByOperator(UUID tenantId) {
    requireTenant(tenantId);
    return create(tenantId, "issued by the operator", ApiKeyScope.all());
  }

  /** Revokes one of the tenant's keys (idempotent); 404 if the tenant has no key with this id. */
  public void revoke(UUID tenantId, String keyId) {
    if (!store.revoke(tenantId, keyId, clock.instant())) {
      throw GatewayException.notFound("API key");
    }
    cache.evictKey(keyId);
    SECURITY.info("security_event=API_KEY_REVOKED tenant={} key_id={}", tenantId, keyId);
  }

  /** The operator revokes every key of a tenant (e.g. after a leak); returns how many. */
  public int revokeAll(UUID tenantId) {
    requireTenant(tenantId);
    int revoked = store.revokeAll(tenantId, clock.instant());
    cache.evictTenant(tenantId);
    SECURITY.warn("security_event=API_KEYS_REVOKED_ALL tenant={} count={}", tenantId, revoked);
    return revoked;
  }

  private void requireTenant(UUID tenantId) {
    if (tenants.find(tenantId).isEmpty()) {
      throw GatewayException.notFound("tenant");
    }
  }

  /** A minted key: its public facts and the key itself (shown once). */
  public record CreatedApiKey(ApiKey key, String apiKey) {

    @Override
    public String toString() {
      return "CreatedApiKey[key=" + key + ", apiKey redacted]";
    }
  }
}
