package org.credrelay.archfixture.bad.r4repository.key.service;

import org.springframework.data.repository.Repository;

/** Fixture violating R4 only: a Spring Data repository in a service package. */
interface KeyRepository extends Repository<Object, String> {}
