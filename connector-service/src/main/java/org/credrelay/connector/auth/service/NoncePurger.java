package org.credrelay.connector.auth.service;

import java.time.Clock;
import org.credrelay.connector.auth.store.PostgresNonceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes expired request nonces every {@code connector.auth.nonce-purge-interval}. */
@Component
public class NoncePurger {

  private static final Logger log = LoggerFactory.getLogger(NoncePurger.class);

  private final PostgresNonceStore nonces;
  private final Clock clock;

  public NoncePurger(PostgresNonceStore nonces, Clock clock) {
    this.nonces = nonces;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${connector.auth.nonce-purge-interval:1m}",
      initialDelayString = "${connector.auth.nonce-purge-interval:1m}")
  public int purge() {
    int purged = nonces.purgeExpired(clock.instant());
    if (purged > 0) {
      log.debug("Purged {} expired request nonces", purged);
    }
    return purged;
  }
}
