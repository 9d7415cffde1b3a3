package org.credrelay.issuergateway.tenant.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.issuergateway.connectorclient.KeyRegistryClient;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.Tenant;
import org.credrelay.issuergateway.tenant.TenantKeyStatus;
import org.credrelay.issuergateway.tenant.store.TenantKeyStore;
import org.credrelay.issuergateway.tenant.store.TenantStore;
import org.credrelay.proto.common.v1.KeyStatus;
import org.springframework.stereotype.Service;

/**
 * Rotates a tenant's communication key: a new key pair is stored PENDING first (encrypted), then
 * {@code RotateDidKey} is sent signed by the tenant's authentication key, then the new key becomes
 * ACTIVE and the old one RETIRED (kept). A retry after a lost answer reuses the PENDING key and
 * recognises a rotation the registry already applied. The delivery path's cached identity is
 * evicted once the new key is ACTIVE, so the next credential is sealed with it.
 */
@Service
public class CommunicationKeyRotation {

  private final TenantStore tenants;
  private final TenantKeyStore keys;
  private final IssuerKeyring keyring;
  private final IssuerIdentityCache identities;
  private final KeyRegistryClient registry;
  private final Clock clock;

  public CommunicationKeyRotation(
      TenantStore tenants,
      TenantKeyStore keys,
      IssuerKeyring keyring,
      IssuerIdentityCache identities,
      KeyRegistryClient registry,
      Clock clock) {
    this.tenants = tenants;
    this.keys = keys;
    this.keyring = keyring;
    this.identities = identities;
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * @return the kid of the new ACTIVE communication key
   */
  public String rotate(UUID tenantId) {
    Tenant tenant = tenants.find(tenantId).orElseThrow();
    if (tenant.registryRegisteredAt() == null) {
      throw GatewayException.conflict(
          "the tenant is not registered in the key registry yet; "
              + "complete POST /api/v1/tenant/registration first");
    }
    IssuerIdentity issuer = keyring.identity(tenantId);
    KeyPairJwk pending =
        keys.keyPair(tenantId, KeyUse.COMMUNICATION, TenantKeyStatus.PENDING)
            .orElseGet(
                () -> {
                  KeyPairJwk fresh = Keys.generateCommunication();
                  keys.add(tenantId, fresh, TenantKeyStatus.PENDING, clock.instant());
                  return fresh;
                });
    try {
      registry.rotateDidKey(
          issuer.did(),
          issuer.authenticationKey(),
          issuer.communicationKey().kid(),
          pending.publicKey());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if ((code != Status.Code.ALREADY_EXISTS && code != Status.Code.FAILED_PRECONDITION)
          || !activeInRegistry(issuer.did(), pending.kid())) {
        throw e;
      }
    }
    keys.promotePending(tenantId, KeyUse.COMMUNICATION, clock.instant());
    identities.evict(tenantId);
    return pending.kid();
  }

  private boolean activeInRegistry(String did, String kid) {
    return registry.getDid(did).getKeysList().stream()
        .anyMatch(
            key -> key.getKeyId().equals(kid) && key.getStatus() == KeyStatus.KEY_STATUS_ACTIVE);
  }
}
