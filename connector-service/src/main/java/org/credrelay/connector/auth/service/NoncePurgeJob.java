package org.credrelay.connector.auth.service;

import java.time.Clock;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes expired request nonces every {@code connector.auth.nonce-purge-interval} ({@link
 * org.credrelay.connector.config.AuthProperties}, default 1 minute). Safe on several replicas:
 * deleting rows that expired is idempotent.
 */
@Component
public class NoncePurgeJob {

  private static final Logger log = LoggerFactory.getLogger(NoncePurgeJob.class);

  private final SingleUseIdStore nonces;
  private final Clock clock;

  public NoncePurgeJob(SingleUseIdStore nonces, Clock clock) {
    this.nonces = nonces;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${connector.auth.nonce-purge-interval:1m}",
      initialDelayString = "${connector.auth.nonce-purge-interval:1m}")
  public int purge() {
    int purged = nonces.purgeExpired(clock.instant());
    if (purged > 0) {
      log.debug("Purged {} expired request nonces", purged);
    }
    return purged;
  }
}
