package org.credrelay.issuergateway.tenant.rest;

import io.swagger.v3.oas.annotations.media.Schema;

/** A further API key of the calling tenant, returned exactly once. */
public record CreateApiKeyResponse(
    @Schema(description = "The new API key; only its SHA-256 is stored") String apiKey) {

  @Override
  public String toString() {
    return "CreateApiKeyResponse[apiKey redacted]";
  }
}
