package org.credrelay.issuergateway.tenant.service;

import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.DidKey;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.issuergateway.config.CommunicationCurveProperties;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.tenant.ApiKeyScope;
import org.credrelay.issuergateway.tenant.Tenant;
import org.credrelay.issuergateway.tenant.TenantKey;
import org.credrelay.issuergateway.tenant.TenantKeyStatus;
import org.credrelay.issuergateway.tenant.store.ApiKeyStore;
import org.credrelay.issuergateway.tenant.store.TenantKeyStore;
import org.credrelay.issuergateway.tenant.store.TenantStore;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates tenants (DID, authentication key pair, one communication key pair per served curve, first
 * API key) and registers them upstream. A failed registration does not undo the creation: it is
 * recorded and retried on request.
 */
@Service
public class TenantManager {

  private final TenantStore tenants;
  private final TenantKeyStore keys;
  private final ApiKeyStore apiKeys;
  private final TenantRegistrar registrar;
  private final CommunicationCurveProperties curves;
  private final TransactionTemplate transactions;
  private final SecureRandom random;
  private final Clock clock;

  public TenantManager(
      TenantStore tenants,
      TenantKeyStore keys,
      ApiKeyStore apiKeys,
      TenantRegistrar registrar,
      CommunicationCurveProperties curves,
      TransactionTemplate transactions,
      SecureRandom random,
      Clock clock) {
    this.tenants = tenants;
    this.keys = keys;
    this.apiKeys = apiKeys;
    this.registrar = registrar;
    this.curves = curves;
    this.transactions = transactions;
    this.random = random;
    this.clock = clock;
  }

  /** Creates the tenant, then tries to register it; the result says whether that worked. */
  public CreatedTenant create(NewTenant request) {
    KeyPairJwk authentication = Keys.generateAuthentication();
    List<KeyPairJwk> communication =
        curves.communicationCurves().stream().map(Keys::generate).toList();
    boolean derived = request.did() == null;
    String did = derived ? DidKey.of(authentication.publicKey()) : request.did();
    if (tenants.didExists(did)) {
      throw GatewayException.conflict("a tenant with this DID exists");
    }
    if (request.oauthIssuer() != null && tenants.oauthIssuerExists(request.oauthIssuer())) {
      throw GatewayException.conflict("a tenant with this OAuth2 issuer exists");
    }
    UUID id = UUID.randomUUID();
    ApiKeys.GeneratedApiKey apiKey = ApiKeys.generate(random);
    Instant now = clock.instant();
    try {
      transactions.executeWithoutResult(
          status -> {
            tenants.create(id, request.name(), did, derived, request.oauthIssuer(), now);
            keys.add(id, authentication, TenantKeyStatus.ACTIVE, now);
            communication.forEach(key -> keys.add(id, key, TenantKeyStatus.ACTIVE, now));
            // The first key may do everything, including minting further keys (ApiKeyScope).
            apiKeys.add(
                ApiKeys.hash(apiKey.apiKey()),
                apiKey.keyId(),
                id,
                "first key",
                ApiKeyScope.all(),
                now);
          });
    } catch (DataIntegrityViolationException e) {
      if (tenants.didExists(did)
          || (request.oauthIssuer() != null && tenants.oauthIssuerExists(request.oauthIssuer()))) {
        throw GatewayException.conflict("a tenant with this DID or OAuth2 issuer exists");
      }
      throw e;
    }
    try {
      registrar.register(id);
    } catch (StatusRuntimeException | GatewayException e) {
      // Recorded on the tenant; POST /api/v1/tenant/registration retries.
    }
    return new CreatedTenant(tenants.find(id).orElseThrow(), apiKey.apiKey());
  }

  public Tenant get(UUID tenantId) {
    return tenants.find(tenantId).orElseThrow(() -> GatewayException.notFound("tenant"));
  }

  /** The tenant whose bearer tokens carry {@code oauthIssuer}. */
  public Optional<Tenant> findByOauthIssuer(String oauthIssuer) {
    return tenants.findByOauthIssuer(oauthIssuer);
  }

  /** Tenants registered at the key registry and the connector (their streams are followed). */
  public List<UUID> registeredIds() {
    return tenants.registeredIds();
  }

  public List<TenantKey> keys(UUID tenantId) {
    return keys.list(tenantId);
  }
}
