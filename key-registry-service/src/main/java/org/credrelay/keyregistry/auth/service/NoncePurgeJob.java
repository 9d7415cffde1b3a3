package org.credrelay.keyregistry.auth.service;

import java.time.Clock;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes expired request nonces every {@code keyregistry.requests.nonce-purge-interval}. A nonce
 * is only needed while its request's timestamp is inside the time window; after that the timestamp
 * check alone refuses a replay.
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
      fixedDelayString = "${keyregistry.requests.nonce-purge-interval:1m}",
      initialDelayString = "${keyregistry.requests.nonce-purge-interval:1m}")
  public int purge() {
    int purged = nonces.purgeExpired(clock.instant());
    if (purged > 0) {
      log.debug("purged {} expired request nonces", purged);
    }
    return purged;
  }
}
