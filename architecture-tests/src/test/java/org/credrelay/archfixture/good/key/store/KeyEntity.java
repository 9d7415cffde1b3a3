package org.credrelay.archfixture.good.key.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Fixture: a package-private entity that never leaves its store package. */
@Entity
class KeyEntity {
  @Id String id;
  String jwk;
}
