package org.credrelay.archfixture.bad.r4entity.key.service;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Fixture violating R4 only: an entity in a service package. */
@Entity
class KeyEntity {
  @Id String id;
}
