package org.credrelay.issuergateway.tenant.service;

import java.util.UUID;
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
    return new IssuerIdentity(
        tenantId,
        tenant.did(),
        keys.keyPair(tenantId, KeyUse.AUTHENTICATION, TenantKeyStatus.ACTIVE).orElseThrow(),
        keys.keyPair(tenantId, KeyUse.COMMUNICATION, TenantKeyStatus.ACTIVE).orElseThrow());
  }
}
