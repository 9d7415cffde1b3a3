package org.credrelay.issuergateway.tenant.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.issuergateway.tenant.Tenant;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Tenants and their registration state. Entities stay in this package. */
@Component
public class TenantStore {

  private final TenantRepository tenants;

  TenantStore(TenantRepository tenants) {
    this.tenants = tenants;
  }

  @Transactional
  public Tenant create(
      UUID id, String name, String did, boolean didDerived, String oauthIssuer, Instant createdAt) {
    return tenants
        .saveAndFlush(new TenantEntity(id, name, did, didDerived, oauthIssuer, createdAt))
        .toTenant();
  }

  @Transactional(readOnly = true)
  public Optional<Tenant> find(UUID id) {
    return tenants.findById(id).map(TenantEntity::toTenant);
  }

  @Transactional(readOnly = true)
  public Optional<Tenant> findByOauthIssuer(String oauthIssuer) {
    return tenants.findByOauthIssuer(oauthIssuer).map(TenantEntity::toTenant);
  }

  @Transactional(readOnly = true)
  public boolean didExists(String did) {
    return tenants.existsByDid(did);
  }

  @Transactional(readOnly = true)
  public boolean oauthIssuerExists(String oauthIssuer) {
    return tenants.existsByOauthIssuer(oauthIssuer);
  }

  /** Ids of tenants registered at the connector (whose message streams the gateway follows). */
  @Transactional(readOnly = true)
  public List<UUID> registeredIds() {
    return tenants.findRegisteredIds();
  }

  /** Ids of tenants whose registration is unfinished (not yet at the connector), oldest first. */
  @Transactional(readOnly = true)
  public List<UUID> unregisteredIds(int limit) {
    return tenants.findUnregisteredIds(PageRequest.of(0, limit));
  }

  @Transactional
  public void markRegistryRegistered(UUID id, Instant at) {
    tenants.findById(id).orElseThrow().registryRegistered(at);
  }

  @Transactional
  public void markConnectorRegistered(UUID id, Instant at) {
    tenants.findById(id).orElseThrow().connectorRegistered(at);
  }

  @Transactional
  public void recordRegistrationError(UUID id, String reason) {
    tenants.findById(id).orElseThrow().registrationFailed(reason);
  }
}
