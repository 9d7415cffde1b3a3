package org.credrelay.issuergateway.tenant.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.store.TenantKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The issuer identities of the delivery path, decrypted once per tenant instead of twice per
 * delivery (three rows, two AES-GCM unwraps and two key parses each time). An entry is used only
 * while its kids are still the tenant's ACTIVE ones: {@link #revalidate} checks that with one query
 * of key ids per claimed batch, so a rotation committed by any replica is seen by the next batch,
 * and {@code keyrotation.service.IssuerKeyRotationManager} evicts at once on this replica, so the
 * retired private key does not stay in memory. Bounded by {@code gateway.delivery.cache-size}
 * tenants; an identity unused for an hour is dropped, so a departed tenant's private keys do not
 * stay in memory either.
 */
@Service
public class IssuerIdentityCache {

  private static final Logger LOG = LoggerFactory.getLogger(IssuerIdentityCache.class);

  private static final Duration UNUSED_FOR = Duration.ofHours(1);

  private final IssuerKeyring keyring;
  private final TenantKeyStore keys;
  private final Cache<UUID, IssuerIdentity> identities;

  public IssuerIdentityCache(
      IssuerKeyring keyring, TenantKeyStore keys, DeliveryProperties properties) {
    this.keyring = keyring;
    this.keys = keys;
    this.identities =
        Caffeine.newBuilder()
            .maximumSize(properties.cacheSize())
            .expireAfterAccess(UNUSED_FOR)
            .build();
  }

  /**
   * Drops the cached identities of {@code tenantIds} whose keys are no longer the ACTIVE ones. If
   * the key ids cannot be read, drops everything rather than risk using a rotated-out key.
   */
  public void revalidate(Collection<UUID> tenantIds) {
    Map<UUID, Set<String>> activeKids;
    try {
      activeKids = keys.activeKids(tenantIds);
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot check the issuers' ACTIVE keys, forgetting every cached identity: {}",
          e.toString());
      identities.invalidateAll();
      return;
    }
    for (UUID tenantId : tenantIds) {
      identities
          .asMap()
          .computeIfPresent(
              tenantId, (id, cached) -> cached.kids().equals(activeKids.get(id)) ? cached : null);
    }
  }

  /** The tenant's identity, decrypted now only if no current one is cached. */
  public IssuerIdentity identity(UUID tenantId) {
    IssuerIdentity cached = identities.getIfPresent(tenantId);
    if (cached != null) {
      return cached;
    }
    // Loaded outside the map's lock; a concurrent load of the same tenant only wastes work.
    IssuerIdentity loaded = keyring.identity(tenantId);
    identities.put(tenantId, loaded);
    return loaded;
  }

  /** Forgets the tenant's identity (its keys changed). */
  public void evict(UUID tenantId) {
    identities.invalidate(tenantId);
  }
}
