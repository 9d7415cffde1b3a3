package org.credrelay.issuergateway.tenant.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import org.credrelay.issuergateway.tenant.service.ApiKeyManager.CreatedApiKey;

/** A further API key of the tenant, returned exactly once. */
public record CreateApiKeyResponse(
    @Schema(description = "The new API key; only its SHA-256 is stored") String apiKey,
    @Schema(description = "The key's public facts") ApiKeyResponse key) {

  static CreateApiKeyResponse of(CreatedApiKey created) {
    return new CreateApiKeyResponse(created.apiKey(), ApiKeyResponse.of(created.key()));
  }

  @Override
  public String toString() {
    return "CreateApiKeyResponse[apiKey redacted, key=" + key + "]";
  }
}
