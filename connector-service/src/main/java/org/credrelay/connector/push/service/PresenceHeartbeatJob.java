package org.credrelay.connector.push.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Renews this replica's stream presence rows every {@code
 * connector.messages.push.presence-heartbeat-interval} (default 10 s) and removes lapsed rows of
 * dead replicas. Safe on several replicas: each renews only its own rows; deleting lapsed rows is
 * idempotent.
 */
@Component
public class PresenceHeartbeatJob {

  private static final Logger log = LoggerFactory.getLogger(PresenceHeartbeatJob.class);

  private final StreamPresence presence;
  private String lastFailure;

  public PresenceHeartbeatJob(StreamPresence presence) {
    this.presence = presence;
  }

  @Scheduled(fixedDelayString = "${connector.messages.push.presence-heartbeat-interval:10s}")
  public void heartbeat() {
    try {
      presence.heartbeat();
      lastFailure = null;
    } catch (DataAccessException e) {
      if (!e.getClass().getName().equals(lastFailure)) {
        log.warn("Stream presence heartbeat failed; retrying on the next run", e);
        lastFailure = e.getClass().getName();
      }
    }
  }
}
