package org.credrelay.issuergateway.invitation.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.invitation.IssuedInvitation;

@Entity
@Table(name = "invitations")
class InvitationEntity {

  @Id private UUID id;

  @Column(name = "tenant_id", nullable = false)
  private UUID tenantId;

  @Column(name = "connector_connection_id", nullable = false)
  private String connectorConnectionId;

  @Column(nullable = false)
  private String token;

  @Column(name = "uri_ciphertext")
  private byte[] uriCiphertext;

  @Column private String label;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "cancelled_at")
  private Instant cancelledAt;

  @Column(name = "uri_erased_at")
  private Instant uriErasedAt;

  protected InvitationEntity() {}

  InvitationEntity(
      UUID id,
      UUID tenantId,
      String connectorConnectionId,
      String token,
      byte[] uriCiphertext,
      String label,
      Instant expiresAt,
      Instant createdAt) {
    this.id = id;
    this.tenantId = tenantId;
    this.connectorConnectionId = connectorConnectionId;
    this.token = token;
    this.uriCiphertext = uriCiphertext;
    this.label = label;
    this.expiresAt = expiresAt;
    this.createdAt = createdAt;
  }

  UUID id() {
    return id;
  }

  byte[] uriCiphertext() {
    return uriCiphertext;
  }

  void eraseUri(Instant at) {
    if (uriCiphertext != null) {
      uriCiphertext = null;
      uriErasedAt = at;
    }
  }

  void cancel(Instant at) {
    if (cancelledAt == null) {
      cancelledAt = at;
    }
    eraseUri(at);
  }

  IssuedInvitation toInvitation() {
    return new IssuedInvitation(
        id,
        tenantId,
        connectorConnectionId,
        token,
        label,
        expiresAt,
        createdAt,
        cancelledAt,
        uriCiphertext != null);
  }
}
