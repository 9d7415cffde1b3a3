package org.credrelay.keyregistry.key.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.key.RegisteredKey;

/** Row of {@code keys}. Only {@code revoked_at} ever changes. Never leaves the store package. */
@Entity
@Table(name = "keys")
class KeyEntity {

  @Id
  @Column(name = "key_id")
  private String keyId;

  @Column(name = "owner_id", nullable = false, updatable = false)
  private String ownerId;

  @Enumerated(EnumType.STRING)
  @Column(name = "usage", nullable = false, updatable = false)
  private KeyUsage usage;

  @Column(name = "curve", nullable = false, updatable = false)
  private String curve;

  @Column(name = "public_jwk", nullable = false, updatable = false)
  private String publicJwk;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "replaces_key_id", updatable = false)
  private String replacesKeyId;

  protected KeyEntity() {}

  static KeyEntity of(RegisteredKey key) {
    KeyEntity entity = new KeyEntity();
    entity.keyId = key.keyId();
    entity.ownerId = key.owner().id();
    entity.usage = key.usage();
    entity.curve = key.curve();
    entity.publicJwk = key.publicJwk();
    entity.createdAt = key.createdAt();
    entity.revokedAt = key.revokedAt();
    entity.replacesKeyId = key.replacesKeyId();
    return entity;
  }

  RegisteredKey toKey() {
    return new RegisteredKey(
        keyId,
        KeyOwner.ofStoredId(ownerId),
        usage,
        curve,
        publicJwk,
        createdAt,
        revokedAt,
        replacesKeyId);
  }

  void revokeAt(Instant instant) {
    this.revokedAt = instant;
  }
}
