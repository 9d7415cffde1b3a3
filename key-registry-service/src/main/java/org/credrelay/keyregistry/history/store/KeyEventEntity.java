package org.credrelay.keyregistry.history.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyEventType;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyUsage;
import org.hibernate.annotations.Immutable;

/** Row of {@code key_events}: written once, never updated (Hibernate ignores changes). */
@Entity
@Immutable
@Table(name = "key_events")
@IdClass(KeyEventEntity.Key.class)
class KeyEventEntity {

  @Id
  @Column(name = "owner_id")
  private String ownerId;

  @Id
  @Column(name = "sequence")
  private long sequence;

  @Enumerated(EnumType.STRING)
  @Column(name = "event_type", nullable = false)
  private KeyEventType eventType;

  @Column(name = "key_id", nullable = false)
  private String keyId;

  @Enumerated(EnumType.STRING)
  @Column(name = "usage", nullable = false)
  private KeyUsage usage;

  @Column(name = "public_jwk", nullable = false)
  private String publicJwk;

  @Column(name = "replaced_key_id")
  private String replacedKeyId;

  @Column(name = "replaced_key_revoked_at")
  private Instant replacedKeyRevokedAt;

  @Column(name = "occurred_at", nullable = false)
  private Instant occurredAt;

  @Column(name = "previous_hash", nullable = false)
  private String previousHash;

  @Column(name = "event_hash", nullable = false)
  private String eventHash;

  @Column(name = "signer_key_id", nullable = false)
  private String signerKeyId;

  @Column(name = "signed_method", nullable = false)
  private String signedMethod;

  @Column(name = "signed_nonce", nullable = false)
  private String signedNonce;

  @Column(name = "signed_at_millis", nullable = false)
  private long signedAtMillis;

  @Column(name = "signed_payload", nullable = false)
  private byte[] signedPayload;

  @Column(name = "signature", nullable = false)
  private byte[] signature;

  protected KeyEventEntity() {}

  static KeyEventEntity of(KeyEvent event) {
    KeyEventEntity entity = new KeyEventEntity();
    entity.ownerId = event.owner().id();
    entity.sequence = event.sequence();
    entity.eventType = event.type();
    entity.keyId = event.keyId();
    entity.usage = event.usage();
    entity.publicJwk = event.publicJwk();
    entity.replacedKeyId = event.replacedKeyId();
    entity.replacedKeyRevokedAt = event.replacedKeyRevokedAt();
    entity.occurredAt = event.occurredAt();
    entity.previousHash = event.previousHash();
    entity.eventHash = event.eventHash();
    EventAuthorization auth = event.authorization();
    entity.signerKeyId = auth.signerKeyId();
    entity.signedMethod = auth.method();
    entity.signedNonce = auth.nonce();
    entity.signedAtMillis = auth.timestampMillis();
    entity.signedPayload = auth.signedPayload();
    entity.signature = auth.signature();
    return entity;
  }

  KeyEvent toEvent() {
    return new KeyEvent(
        KeyOwner.ofStoredId(ownerId),
        sequence,
        eventType,
        keyId,
        usage,
        publicJwk,
        replacedKeyId,
        replacedKeyRevokedAt,
        occurredAt,
        previousHash,
        eventHash,
        new EventAuthorization(
            signerKeyId, signedMethod, signedNonce, signedAtMillis, signedPayload, signature));
  }

  /** Composite primary key (owner_id, sequence) = {@code key_events_pkey}. */
  static class Key implements Serializable {
    private String ownerId;
    private long sequence;

    protected Key() {}

    Key(String ownerId, long sequence) {
      this.ownerId = ownerId;
      this.sequence = sequence;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && ownerId.equals(other.ownerId) && sequence == other.sequence;
    }

    @Override
    public int hashCode() {
      return ownerId.hashCode() * 31 + Long.hashCode(sequence);
    }
  }
}
