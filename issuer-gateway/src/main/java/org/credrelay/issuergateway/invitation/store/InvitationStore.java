package org.credrelay.issuergateway.invitation.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.issuergateway.crypto.AtRestCipher;
import org.credrelay.issuergateway.crypto.AtRestPurpose;
import org.credrelay.issuergateway.invitation.IssuedInvitation;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations. The invitation URI holds the 256-bit secret, so it is stored only encrypted with the
 * key-encryption key (AAD = purpose + row id) and erased once it is no longer needed (after the
 * handshake, on cancellation or expiry). Every read is scoped by tenant.
 */
@Component
public class InvitationStore {

  private final InvitationRepository invitations;
  private final AtRestCipher cipher;

  InvitationStore(InvitationRepository invitations, AtRestCipher cipher) {
    this.invitations = invitations;
    this.cipher = cipher;
  }

  @Transactional
  public IssuedInvitation create(
      UUID id,
      UUID tenantId,
      String connectorConnectionId,
      String token,
      String uri,
      String label,
      Instant expiresAt,
      Instant now) {
    byte[] sealed = cipher.encrypt(AtRestPurpose.INVITATION_URI, id, uri);
    return invitations
        .save(
            new InvitationEntity(
                id, tenantId, connectorConnectionId, token, sealed, label, expiresAt, now))
        .toInvitation();
  }

  @Transactional(readOnly = true)
  public Optional<IssuedInvitation> find(UUID tenantId, UUID id) {
    return invitations.findByIdAndTenantId(id, tenantId).map(InvitationEntity::toInvitation);
  }

  @Transactional(readOnly = true)
  public Optional<IssuedInvitation> get(UUID id) {
    return invitations.findById(id).map(InvitationEntity::toInvitation);
  }

  @Transactional(readOnly = true)
  public Page<IssuedInvitation> page(UUID tenantId, Pageable page) {
    return invitations
        .findByTenantIdOrderByCreatedAtDescIdDesc(tenantId, page)
        .map(InvitationEntity::toInvitation);
  }

  /** The decrypted invitation URI (with its secret), unless it was erased. */
  @Transactional(readOnly = true)
  public Optional<String> uri(UUID tenantId, UUID id) {
    return invitations
        .findByIdAndTenantId(id, tenantId)
        .filter(entity -> entity.uriCiphertext() != null)
        .map(
            entity ->
                cipher.decryptString(
                    AtRestPurpose.INVITATION_URI, entity.id(), entity.uriCiphertext()));
  }

  /** Forgets the URI and its secret for good. */
  @Transactional
  public void eraseUri(UUID id, Instant now) {
    invitations.findById(id).ifPresent(entity -> entity.eraseUri(now));
  }

  @Transactional
  public void cancel(UUID id, Instant now) {
    invitations.findById(id).ifPresent(entity -> entity.cancel(now));
  }
}
