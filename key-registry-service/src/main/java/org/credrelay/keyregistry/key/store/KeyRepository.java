package org.credrelay.keyregistry.key.store;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface KeyRepository extends JpaRepository<KeyEntity, String> {

  List<KeyEntity> findByOwnerIdOrderByCreatedAtAscUsageAscKeyIdAsc(String ownerId);
}
