package org.credrelay.issuergateway.tenant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.tenant.Tenant;

@Entity
@Table(name = "tenants")
class TenantEntity {

  @Id private UUID id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false, unique = true)
  private String did;

  @Column(name = "did_derived", nullable = false)
  private boolean didDerived;

  @Column(name = "oauth_issuer", unique = true)
  private String oauthIssuer;

  @Column(name = "registry_registered_at")
  private Instant registryRegisteredAt;

  @Column(name = "connector_registered_at")
  private Instant connectorRegisteredAt;

  @Column(name = "registration_error")
  private String registrationError;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected TenantEntity() {}

  TenantEntity(
      UUID id, String name, String did, boolean didDerived, String oauthIssuer, Instant createdAt) {
    this.id = id;
    this.name = name;
    this.did = did;
    this.didDerived = didDerived;
    this.oauthIssuer = oauthIssuer;
    this.createdAt = createdAt;
  }

  void registryRegistered(Instant at) {
    this.registryRegisteredAt = at;
  }

  void connectorRegistered(Instant at) {
    this.connectorRegisteredAt = at;
    this.registrationError = null;
  }

  void registrationFailed(String reason) {
    this.registrationError = reason;
  }

  Tenant toTenant() {
    return new Tenant(
        id,
        name,
        did,
        didDerived,
        oauthIssuer,
        registryRegisteredAt,
        connectorRegisteredAt,
        registrationError,
        createdAt);
  }
}
