package org.credrelay.issuergateway.tenant.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.issuergateway.tenant.TenantKeyStatus;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface TenantKeyRepository extends JpaRepository<TenantKeyEntity, UUID> {

  Optional<TenantKeyEntity> findByTenantIdAndUsageAndCurveAndStatus(
      UUID tenantId, KeyUse usage, KeyCurve curve, TenantKeyStatus status);

  List<TenantKeyEntity> findByTenantIdAndUsageAndStatus(
      UUID tenantId, KeyUse usage, TenantKeyStatus status);

  List<TenantKeyEntity> findByTenantIdOrderByCreatedAtAsc(UUID tenantId);

  /** Key ids only: no private key material is read. */
  @Query(
      "SELECT k.tenantId AS tenantId, k.kid AS kid FROM TenantKeyEntity k"
          + " WHERE k.tenantId IN :tenantIds"
          + " AND k.status = org.credrelay.issuergateway.tenant.TenantKeyStatus.ACTIVE")
  List<ActiveKid> findActiveKids(@Param("tenantIds") Collection<UUID> tenantIds);

  /** One ACTIVE key id of a tenant. */
  interface ActiveKid {
    UUID getTenantId();

    String getKid();
  }
}
