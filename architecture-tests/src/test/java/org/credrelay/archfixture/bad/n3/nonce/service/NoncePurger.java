package org.credrelay.archfixture.bad.n3.nonce.service;

import org.springframework.scheduling.annotation.Scheduled;

/** Fixture violating N3 only: a scheduled method in a class not named *Job. */
class NoncePurger {
  @Scheduled(fixedDelayString = "${fixture.nonces.purge-interval}")
  void purge() {}
}
