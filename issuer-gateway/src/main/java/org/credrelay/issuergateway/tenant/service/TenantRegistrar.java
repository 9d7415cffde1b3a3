package org.credrelay.issuergateway.tenant.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.connectorclient.GrpcFailures;
import org.credrelay.issuergateway.connectorclient.KeyRegistryClient;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.Tenant;
import org.credrelay.issuergateway.tenant.store.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Registers a tenant upstream: its DID and keys in the key registry ({@code RegisterDid}, signed by
 * the new authentication key) and the issuer as participant at the connector. Each step is
 * recorded, so a retry repeats only what is missing; both steps are idempotent upstream.
 */
@Service
public class TenantRegistrar {

  private static final Logger LOG = LoggerFactory.getLogger(TenantRegistrar.class);

  private final TenantStore tenants;
  private final IssuerKeyring keyring;
  private final KeyRegistryClient registry;
  private final ConnectorClient connector;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public TenantRegistrar(
      TenantStore tenants,
      IssuerKeyring keyring,
      KeyRegistryClient registry,
      ConnectorClient connector,
      ApplicationEventPublisher events,
      Clock clock) {
    this.tenants = tenants;
    this.keyring = keyring;
    this.registry = registry;
    this.connector = connector;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Performs the missing registration steps.
   *
   * @throws StatusRuntimeException if the registry or connector failed (recorded on the tenant)
   * @throws GatewayException CONFLICT if the DID is registered in the registry with other keys
   */
  public Tenant register(UUID tenantId) {
    Tenant tenant = tenants.find(tenantId).orElseThrow();
    IssuerIdentity issuer = keyring.identity(tenantId);
    try {
      if (tenant.registryRegisteredAt() == null) {
        registerDid(issuer);
        tenants.markRegistryRegistered(tenantId, clock.instant());
      }
      if (tenant.connectorRegisteredAt() == null) {
        connector.registerParticipant(issuer, tenant.name());
        tenants.markConnectorRegistered(tenantId, clock.instant());
        events.publishEvent(new TenantRegisteredEvent(tenantId));
      }
    } catch (StatusRuntimeException e) {
      LOG.warn("registration of tenant {} failed: {}", tenantId, e.getStatus().getCode());
      tenants.recordRegistrationError(tenantId, GrpcFailures.describe(e));
      throw e;
    } catch (GatewayException e) {
      tenants.recordRegistrationError(tenantId, e.getMessage());
      throw e;
    }
    return tenants.find(tenantId).orElseThrow();
  }

  private void registerDid(IssuerIdentity issuer) {
    try {
      registry.registerDid(
          issuer.did(),
          issuer.authenticationKey(),
          issuer.communicationKeys().stream().map(KeyPairJwk::publicKey).toList());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
      // An earlier attempt may have succeeded without us seeing the answer: ours if our key is
      // there.
      boolean ours =
          registry.getDid(issuer.did()).getKeysList().stream()
              .anyMatch(key -> key.getKeyId().equals(issuer.authenticationKey().kid()));
      if (!ours) {
        throw GatewayException.conflict(
            "the DID "
                + issuer.did()
                + " is already registered in the key registry with other keys");
      }
    }
  }
}
