package org.credrelay.issuergateway.tenant.rest;

import java.util.List;
import java.util.Map;
import org.credrelay.issuergateway.tenant.Tenant;
import org.credrelay.issuergateway.tenant.TenantKey;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Maps tenants to their REST representation. */
@Component
public class TenantResponses {

  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

  private final JsonMapper json;

  TenantResponses(JsonMapper json) {
    this.json = json;
  }

  public TenantResponse of(Tenant tenant, List<TenantKey> keys) {
    return new TenantResponse(
        tenant.id(),
        tenant.name(),
        tenant.did(),
        tenant.didDerived(),
        tenant.oauthIssuer(),
        new RegistrationResponse(
            tenant.registered() ? "REGISTERED" : "PENDING",
            tenant.registryRegisteredAt(),
            tenant.connectorRegisteredAt(),
            tenant.registrationError()),
        keys.stream().map(this::key).toList(),
        tenant.createdAt());
  }

  private TenantKeyResponse key(TenantKey key) {
    return new TenantKeyResponse(
        key.kid(),
        key.usage().name(),
        key.status().name(),
        json.readValue(key.publicJwk(), JSON_OBJECT),
        key.createdAt(),
        key.retiredAt());
  }
}
