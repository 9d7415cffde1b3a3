package org.credrelay.issuergateway.tenant.service;

import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.Tenant;
import org.credrelay.issuergateway.tenant.TenantKeyStatus;
import org.credrelay.issuergateway.tenant.store.TenantKeyStore;
import org.credrelay.issuergateway.tenant.store.TenantStore;
import org.springframework.stereotype.Service;

/** Hands out a tenant's decrypted ACTIVE keys for one operation (signing, sealing, handshake). */
@Service
public class IssuerKeyring {

  private final TenantStore tenants;
  private final TenantKeyStore keys;

  public IssuerKeyring(TenantStore tenants, TenantKeyStore keys) {
    this.tenants = tenants;
    this.keys = keys;
  }

  public IssuerIdentity identity(UUID tenantId) {
    Tenant tenant =
        tenants
            .find(tenantId)
            .orElseThrow(() -> new IllegalStateException("unknown tenant " + tenantId));
    List<KeyPairJwk> communication =
        keys.keyPairs(tenantId, KeyUse.COMMUNICATION, TenantKeyStatus.ACTIVE);
    KeyPairJwk defaultCommunication =
        communication.stream()
            .filter(key -> key.curve() == TenantKeyStore.defaultCurve(KeyUse.COMMUNICATION))
            .findFirst()
            .orElseThrow();
    return new IssuerIdentity(
        tenantId,
        tenant.did(),
        keys.keyPair(tenantId, KeyUse.AUTHENTICATION, TenantKeyStatus.ACTIVE).orElseThrow(),
        defaultCommunication,
        communication);
  }
}
