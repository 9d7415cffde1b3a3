package org.credrelay.issuergateway.tenant.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.issuergateway.tenant.TenantKeyStatus;
import org.springframework.data.jpa.repository.JpaRepository;

interface TenantKeyRepository extends JpaRepository<TenantKeyEntity, UUID> {

  Optional<TenantKeyEntity> findByTenantIdAndUsageAndStatus(UUID tenantId, KeyUse usage,
      TenantKeyStatus status);

  List<TenantKeyEntity> findByTenantIdOrderByCreatedAtAsc(UUID tenantId);
}
