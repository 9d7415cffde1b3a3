package org.credrelay.archfixture.good.key.service;

import org.springframework.scheduling.annotation.Scheduled;

/** Fixture: a background job with its delay from configuration. */
class KeyPurgeJob {
  @Scheduled(fixedDelayString = "${fixture.keys.purge-interval}")
  void purge() {}
}
