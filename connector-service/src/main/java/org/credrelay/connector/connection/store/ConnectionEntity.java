package org.credrelay.connector.connection.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.connector.connection.Connection;
import org.credrelay.connector.connection.ConnectionState;

@Entity
@Table(schema = "connector", name = "connections")
class ConnectionEntity {

  @Id private UUID id;

  @Column(nullable = false, unique = true)
  private String token;

  @Column(name = "participant_did", nullable = false)
  private String participantDid;

  @Column(name = "holder_key_id")
  private String holderKeyId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private ConnectionState state;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "token_expires_at", nullable = false)
  private Instant tokenExpiresAt;

  @Column(name = "connected_at")
  private Instant connectedAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "refused_accepts", nullable = false)
  private int refusedAccepts;

  @Column(name = "last_refused_at")
  private Instant lastRefusedAt;

  protected ConnectionEntity() {}

  ConnectionEntity(Connection connection) {
    this.id = connection.id();
    this.token = connection.token();
    this.participantDid = connection.participantDid();
    this.holderKeyId = connection.holderKeyId();
    this.state = connection.storedState();
    this.createdAt = connection.createdAt();
    this.tokenExpiresAt = connection.tokenExpiresAt();
    this.connectedAt = connection.connectedAt();
    this.revokedAt = connection.revokedAt();
    this.refusedAccepts = connection.refusedAccepts();
    this.lastRefusedAt = connection.lastRefusedAt();
  }

  void connect(String holderKeyId, Instant at) {
    this.holderKeyId = holderKeyId;
    this.state = ConnectionState.CONNECTED;
    this.connectedAt = at;
  }

  void refuseAccept(Instant at) {
    this.refusedAccepts++;
    this.lastRefusedAt = at;
  }

  void revoke(Instant at) {
    if (state != ConnectionState.REVOKED) {
      this.state = ConnectionState.REVOKED;
      this.revokedAt = at;
    }
  }

  Connection toConnection() {
    return new Connection(
        id,
        token,
        participantDid,
        holderKeyId,
        state,
        createdAt,
        tokenExpiresAt,
        connectedAt,
        revokedAt,
        refusedAccepts,
        lastRefusedAt);
  }
}
