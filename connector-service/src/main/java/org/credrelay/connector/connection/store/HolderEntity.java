package org.credrelay.connector.connection.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "holders")
class HolderEntity {

  @Id
  @Column(name = "key_id")
  private String keyId;

  @Column(name = "public_jwk", nullable = false)
  private String publicJwk;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected HolderEntity() {}

  String publicJwk() {
    return publicJwk;
  }
}
