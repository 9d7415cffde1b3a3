package org.credrelay.issuergateway.tenant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.issuergateway.tenant.TenantKey;
import org.credrelay.issuergateway.tenant.TenantKeyStatus;

@Entity
@Table(name = "tenant_keys")
class TenantKeyEntity {

  @Id private UUID id;

  @Column(name = "tenant_id", nullable = false)
  private UUID tenantId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private KeyUse usage;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private KeyCurve curve;

  @Column(nullable = false)
  private String kid;

  @Column(name = "public_jwk", nullable = false)
  private String publicJwk;

  @Column(name = "private_jwk_ciphertext", nullable = false)
  private byte[] privateJwkCiphertext;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private TenantKeyStatus status;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "activated_at")
  private Instant activatedAt;

  @Column(name = "retired_at")
  private Instant retiredAt;

  protected TenantKeyEntity() {}

  TenantKeyEntity(
      UUID id,
      UUID tenantId,
      KeyUse usage,
      KeyCurve curve,
      String kid,
      String publicJwk,
      byte[] privateJwkCiphertext,
      TenantKeyStatus status,
      Instant createdAt) {
    this.id = id;
    this.tenantId = tenantId;
    this.usage = usage;
    this.curve = curve;
    this.kid = kid;
    this.publicJwk = publicJwk;
    this.privateJwkCiphertext = privateJwkCiphertext;
    this.status = status;
    this.createdAt = createdAt;
    this.activatedAt = status == TenantKeyStatus.ACTIVE ? createdAt : null;
  }

  UUID id() {
    return id;
  }

  String kid() {
    return kid;
  }

  byte[] privateJwkCiphertext() {
    return privateJwkCiphertext;
  }

  void activate(Instant at) {
    this.status = TenantKeyStatus.ACTIVE;
    this.activatedAt = at;
  }

  void retire(Instant at) {
    this.status = TenantKeyStatus.RETIRED;
    this.retiredAt = at;
  }

  TenantKey toKey() {
    return new TenantKey(
        id, usage, curve, kid, publicJwk, status, createdAt, activatedAt, retiredAt);
  }
}
