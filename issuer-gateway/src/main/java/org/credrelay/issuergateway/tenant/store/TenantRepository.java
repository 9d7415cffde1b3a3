package org.credrelay.issuergateway.tenant.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TenantRepository extends JpaRepository<TenantEntity, UUID> {

  Optional<TenantEntity> findByOauthIssuer(String oauthIssuer);

  boolean existsByDid(String did);

  boolean existsByOauthIssuer(String oauthIssuer);

  @Query("select t.id from TenantEntity t where t.connectorRegisteredAt is not null")
  List<UUID> findRegisteredIds();

  @Query(
      "select t.id from TenantEntity t where t.connectorRegisteredAt is null"
          + " order by t.createdAt")
  List<UUID> findUnregisteredIds(Pageable page);
}
