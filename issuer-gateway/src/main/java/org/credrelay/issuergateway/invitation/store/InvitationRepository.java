package org.credrelay.issuergateway.invitation.store;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface InvitationRepository extends JpaRepository<InvitationEntity, UUID> {

  Optional<InvitationEntity> findByIdAndTenantId(UUID id, UUID tenantId);

  Page<InvitationEntity> findByTenantIdOrderByCreatedAtDescIdDesc(UUID tenantId, Pageable page);
}
