package org.credrelay.issuergateway.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * An issuer served by the gateway.
 *
 * @param registryRegisteredAt when the DID was registered in the key registry, or null
 * @param connectorRegisteredAt when the issuer was registered as participant, or null
 * @param registrationError why the last registration attempt failed, or null
 */
public record Tenant(
    UUID id,
    String name,
    String did,
    boolean didDerived,
    String oauthIssuer,
    Instant registryRegisteredAt,
    Instant connectorRegisteredAt,
    String registrationError,
    Instant createdAt) {

  /** True once both the key registry and the connector know the issuer. */
  public boolean registered() {
    return registryRegisteredAt != null && connectorRegisteredAt != null;
  }
}
