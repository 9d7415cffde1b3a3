package org.credrelay.keyregistry.history.store;

import org.springframework.data.jpa.repository.JpaRepository;

interface KeyOwnerRepository extends JpaRepository<KeyOwnerEntity, String> {}
