package org.credrelay.keyregistry.key.store;

import org.springframework.data.jpa.repository.JpaRepository;

interface KeyOwnerRepository extends JpaRepository<KeyOwnerEntity, String> {
}
