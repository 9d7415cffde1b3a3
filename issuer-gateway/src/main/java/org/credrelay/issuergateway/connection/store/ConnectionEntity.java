package org.credrelay.issuergateway.connection.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionErrorCode;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.PinnedHolderKeys;

@Entity
@Table(name = "connections")
class ConnectionEntity {

  private static final int MAX_REASON = 500;

  @Id private UUID id;

  @Column(name = "tenant_id", nullable = false)
  private UUID tenantId;

  @Column(name = "connector_connection_id", nullable = false)
  private String connectorConnectionId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private ConnectionState state;

  @Column(name = "holder_key_id")
  private String holderKeyId;

  @Column(name = "pinned_auth_jwk")
  private String pinnedAuthJwk;

  @Column(name = "pinned_comm_jwk")
  private String pinnedCommJwk;

  @Column(name = "pinned_comm_kid")
  private String pinnedCommKid;

  @Column(name = "safety_number")
  private String safetyNumber;

  @Column(name = "handshake_failures", nullable = false)
  private int handshakeFailures;

  @Column(name = "last_failure")
  private String lastFailure;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "accepted_at")
  private Instant acceptedAt;

  @Column(name = "verified_at")
  private Instant verifiedAt;

  @Column(name = "closed_at")
  private Instant closedAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "issuer_comm_kid")
  private String issuerCommKid;

  @Column(name = "issuer_comm_kid_at")
  private Instant issuerCommKidAt;

  @Column(name = "holder_comm_rotated_at")
  private Instant holderCommRotatedAt;

  @Column(name = "issuer_auth_kid")
  private String issuerAuthKid;

  @Enumerated(EnumType.STRING)
  @Column(name = "last_error_code")
  private ConnectionErrorCode lastErrorCode;

  protected ConnectionEntity() {}

  ConnectionEntity(UUID id, UUID tenantId, String connectorConnectionId, Instant now) {
    this.id = id;
    this.tenantId = tenantId;
    this.connectorConnectionId = connectorConnectionId;
    this.state = ConnectionState.INVITED;
    this.createdAt = now;
    this.updatedAt = now;
  }

  ConnectionState state() {
    return state;
  }

  /**
   * @return true if it moved from INVITED to ACCEPTED
   */
  boolean accept(String holderKeyId, Instant at) {
    if (holderKeyId != null && !holderKeyId.isEmpty()) {
      this.holderKeyId = holderKeyId;
    }
    boolean invited = state == ConnectionState.INVITED;
    if (invited) {
      state = ConnectionState.ACCEPTED;
      acceptedAt = at;
    }
    updatedAt = at;
    return invited;
  }

  void verify(PinnedHolderKeys keys, Instant at) {
    if (!state.open()) {
      throw new IllegalStateException("cannot verify a connection in state " + state);
    }
    if (acceptedAt == null) {
      acceptedAt = at;
    }
    pinnedAuthJwk = keys.authenticationJwk();
    pinnedCommJwk = keys.communicationJwk();
    pinnedCommKid = keys.communicationKid();
    safetyNumber = keys.safetyNumber();
    state = ConnectionState.VERIFIED;
    verifiedAt = at;
    updatedAt = at;
  }

  /** The holder has pinned (or has been told to pin) the issuer communication key {@code kid}. */
  void issuerKeyPinned(String kid, Instant at) {
    issuerCommKid = kid;
    issuerCommKidAt = at;
    updatedAt = at;
  }

  /** The holder has pinned (or has been told to pin) the issuer authentication key {@code kid}. */
  void issuerAuthenticationKeyPinned(String kid, Instant at) {
    issuerAuthKid = kid;
    updatedAt = at;
  }

  /** The holder's rotation announcement was verified: its new communication key is pinned. */
  void holderKeyRotated(String communicationJwk, String communicationKid, Instant at) {
    if (state != ConnectionState.VERIFIED) {
      throw new IllegalStateException("cannot re-pin a holder key in state " + state);
    }
    pinnedCommJwk = communicationJwk;
    pinnedCommKid = communicationKid;
    holderCommRotatedAt = at;
    updatedAt = at;
  }

  /** A holder rotation announcement was refused: the pin stays, the reason is shown. */
  void holderKeyRotationRefused(String reason, Instant at) {
    lastFailure = bounded(reason);
    lastErrorCode = ConnectionErrorCode.HOLDER_KEY_ROTATION_REFUSED;
    updatedAt = at;
  }

  void handshakeFailed(String reason, Instant at) {
    handshakeFailures++;
    lastFailure = bounded(reason);
    lastErrorCode = ConnectionErrorCode.HANDSHAKE_REFUSED;
    if (state == ConnectionState.INVITED) {
      state = ConnectionState.ACCEPTED;
      acceptedAt = at;
    }
    updatedAt = at;
  }

  /** Moves to a closed state (first closing wins; REVOKED also overrides KEY_MISMATCH/EXPIRED). */
  boolean close(ConnectionState closedState, String reason, Instant at) {
    if (state == closedState
        || state == ConnectionState.REVOKED
        || (state.closed() && closedState != ConnectionState.REVOKED)) {
      return false;
    }
    state = closedState;
    lastErrorCode = ConnectionErrorCode.closedAs(closedState);
    if (reason != null) {
      lastFailure = bounded(reason);
    }
    closedAt = at;
    updatedAt = at;
    return true;
  }

  private static String bounded(String reason) {
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...";
  }

  Connection toConnection() {
    return new Connection(
        id,
        tenantId,
        connectorConnectionId,
        state,
        holderKeyId,
        pinnedAuthJwk,
        pinnedCommJwk,
        pinnedCommKid,
        safetyNumber,
        handshakeFailures,
        lastFailure,
        createdAt,
        acceptedAt,
        verifiedAt,
        closedAt,
        updatedAt,
        issuerCommKid,
        holderCommRotatedAt,
        issuerAuthKid,
        lastErrorCode);
  }
}
