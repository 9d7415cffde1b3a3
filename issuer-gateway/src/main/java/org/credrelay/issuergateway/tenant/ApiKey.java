package org.credrelay.issuergateway.tenant;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A tenant API key's public facts; the secret is never stored (only its SHA-256).
 *
 * @param keyId public id, part of the key itself ({@code crgw_<keyId>_<secret>}); safe to log
 * @param label the tenant's name for the key, or null
 * @param lastUsedAt when it last authenticated a request (to the minute), or null
 * @param revokedAt when it was revoked, or null while it works
 */
public record ApiKey(
    String keyId,
    UUID tenantId,
    String label,
    Set<ApiKeyScope> scopes,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public boolean active() {
    return revokedAt == null;
  }
}
