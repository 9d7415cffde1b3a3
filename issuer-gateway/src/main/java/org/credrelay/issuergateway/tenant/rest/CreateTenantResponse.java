package org.credrelay.issuergateway.tenant.rest;

import io.swagger.v3.oas.annotations.media.Schema;

/** The new tenant and its first API key, returned exactly once. */
public record CreateTenantResponse(
    TenantResponse tenant,
    @Schema(
            description =
                "The tenant's first API key for the X-Api-Key header. Shown only now; "
                    + "the gateway stores only its SHA-256.")
        String apiKey) {

  @Override
  public String toString() {
    return "CreateTenantResponse[" + tenant.id() + ", apiKey redacted]";
  }
}
