package org.credrelay.issuergateway.tenant.service;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * and {@link CommunicationKeyRotation} evicts at once on this replica, so the retired private key
 * does not stay in memory.
 */
@Service
public class IssuerIdentityCache {

  private static final Logger LOG = LoggerFactory.getLogger(IssuerIdentityCache.class);

  private final IssuerKeyring keyring;
  private final TenantKeyStore keys;
  private final Map<UUID, IssuerIdentity> identities = new ConcurrentHashMap<>();

  public IssuerIdentityCache(IssuerKeyring keyring, TenantKeyStore keys) {
    this.keyring = keyring;
    this.keys = keys;
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
      LOG.warn("cannot check the issuers' ACTIVE keys, forgetting every cached identity: {}",
          e.toString());
      identities.clear();
      return;
    }
    for (UUID tenantId : tenantIds) {
      identities.computeIfPresent(tenantId, (id, cached) ->
          Set.of(cached.authenticationKey().kid(), cached.communicationKey().kid())
              .equals(activeKids.get(id)) ? cached : null);
    }
  }

  /** The tenant's identity, decrypted now only if no current one is cached. */
  public IssuerIdentity identity(UUID tenantId) {
    IssuerIdentity cached = identities.get(tenantId);
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
    identities.remove(tenantId);
  }
}
