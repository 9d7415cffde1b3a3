package org.credrelay.issuergateway.handshake.service;

import java.time.Clock;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes ids of expired handshake JWTs every {@code gateway.handshake.jti-purge-interval} ({@link
 * org.credrelay.issuergateway.config.HandshakeProperties}, default 10 minutes). Safe on several
 * replicas: deleting rows that expired is idempotent.
 */
@Component
public class JtiPurgeJob {

  private static final Logger log = LoggerFactory.getLogger(JtiPurgeJob.class);

  private final SingleUseIdStore jtis;
  private final Clock clock;

  public JtiPurgeJob(@Qualifier("handshakeJtis") SingleUseIdStore jtis, Clock clock) {
    this.jtis = jtis;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${gateway.handshake.jti-purge-interval:10m}",
      initialDelayString = "${gateway.handshake.jti-purge-interval:10m}")
  public int purge() {
    int purged = jtis.purgeExpired(clock.instant());
    if (purged > 0) {
      log.debug("Purged {} expired handshake jtis", purged);
    }
    return purged;
  }
}
