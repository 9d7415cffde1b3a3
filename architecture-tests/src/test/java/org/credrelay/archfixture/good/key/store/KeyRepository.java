package org.credrelay.archfixture.good.key.store;

import org.springframework.data.repository.Repository;

/** Fixture: a Spring Data repository inside the store package. */
interface KeyRepository extends Repository<KeyEntity, String> {
  KeyEntity findById(String id);
}
