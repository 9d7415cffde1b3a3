package org.credrelay.connector.push.service;

import org.slf4j.LoggerFactory;
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

  private final StreamPresence presence;
  private final JobFailureLog failures =
      new JobFailureLog(LoggerFactory.getLogger(PresenceHeartbeatJob.class), "Presence heartbeat");

  public PresenceHeartbeatJob(StreamPresence presence) {
    this.presence = presence;
  }

  @Scheduled(fixedDelayString = "${connector.messages.push.presence-heartbeat-interval:10s}")
  public void heartbeat() {
    failures.run(
        () -> {
          presence.heartbeat();
          return 0;
        });
  }
}
