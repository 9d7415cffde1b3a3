package org.credrelay.archfixture.bad.n4.nonce.service;

import org.springframework.scheduling.annotation.Scheduled;

/** Fixture violating N4 only: a hard-coded rate instead of a configured fixed delay. */
class NoncePurgeJob {
  @Scheduled(fixedRate = 600_000)
  void purge() {}
}
