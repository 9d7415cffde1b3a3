package org.credrelay.issuergateway.connection.store;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ConnectionRepository extends JpaRepository<ConnectionEntity, UUID> {

  Optional<ConnectionEntity> findByIdAndTenantId(UUID id, UUID tenantId);

  Optional<ConnectionEntity> findByTenantIdAndConnectorConnectionId(
      UUID tenantId, String connectorConnectionId);

  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select c from ConnectionEntity c where c.id = :id")
  Optional<ConnectionEntity> lockById(UUID id);

  List<ConnectionEntity> findByTenantIdAndStateOrderByCreatedAtAsc(
      UUID tenantId, ConnectionState state);

  List<ConnectionEntity> findByStateInOrderByCreatedAtAsc(
      Collection<ConnectionState> states, Pageable page);
}
