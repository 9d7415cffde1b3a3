package org.credrelay.keyregistry.history.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.credrelay.keyhistory.OwnerType;

/** Row of {@code key_owners}. Never leaves the store package. */
@Entity
@Table(name = "key_owners")
class KeyOwnerEntity {

  @Id
  @Column(name = "owner_id")
  private String ownerId;

  @Enumerated(EnumType.STRING)
  @Column(name = "owner_type", nullable = false)
  private OwnerType ownerType;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "head_sequence", nullable = false)
  private long headSequence;

  @Column(name = "head_hash", nullable = false)
  private String headHash;

  protected KeyOwnerEntity() {}

  String ownerId() {
    return ownerId;
  }

  long headSequence() {
    return headSequence;
  }

  String headHash() {
    return headHash;
  }

  void moveHead(long sequence, String hash) {
    this.headSequence = sequence;
    this.headHash = hash;
  }
}
