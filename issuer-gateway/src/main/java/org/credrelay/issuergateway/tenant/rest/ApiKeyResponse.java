package org.credrelay.issuergateway.tenant.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.credrelay.issuergateway.tenant.ApiKey;
import org.credrelay.issuergateway.tenant.ApiKeyScope;

/** A tenant API key's public facts; never the key. */
public record ApiKeyResponse(
    @Schema(description = "Public key id, also the middle part of the key (crgw_<id>_<secret>)")
        String id,
    @Schema(description = "The label given when it was minted; may be null") String label,
    @Schema(description = "issue and/or admin-keys") List<String> scopes,
    Instant createdAt,
    @Schema(description = "Last successful authentication, to the minute; null if never used")
        Instant lastUsedAt,
    @Schema(description = "When it was revoked; null while it works") Instant revokedAt) {

  static ApiKeyResponse of(ApiKey key) {
    return new ApiKeyResponse(
        key.keyId(),
        key.label(),
        key.scopes().stream().map(ApiKeyScope::value).sorted().toList(),
        key.createdAt(),
        key.lastUsedAt(),
        key.revokedAt());
  }
}
