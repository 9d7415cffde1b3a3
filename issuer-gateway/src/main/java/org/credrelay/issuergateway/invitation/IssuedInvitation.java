package org.credrelay.issuergateway.invitation;

import java.time.Instant;
import java.util.UUID;

/**
 * An invitation as stored (without its URI, which carries the secret and is decrypted on demand).
 *
 * @param id also the id of the connection made from it
 * @param uriAvailable false once the URI (and so the secret) was erased
 */
public record IssuedInvitation(
    UUID id,
    UUID tenantId,
    String connectorConnectionId,
    String token,
    String label,
    Instant expiresAt,
    Instant createdAt,
    Instant cancelledAt,
    boolean uriAvailable) {

  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
