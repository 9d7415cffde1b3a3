package org.credrelay.connector.push.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.credrelay.connector.push.PushProperties;
import org.credrelay.connector.push.store.StreamPresenceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Tells every replica which recipients have a live message stream, so that push wake-ups go only to
 * recipients with none (decision 0032-push-wake-up). Each replica counts its own streams per
 * recipient in memory and keeps one row per such recipient in {@code connector.stream_presence}:
 * written when the first stream opens, deleted when the last closes, renewed by {@link
 * PresenceHeartbeatJob}. A row is live only until {@code presence-ttl} after its last heartbeat, so
 * the rows of a replica that died stop counting by themselves; a row lost to a race between a close
 * and an open is written again by the next heartbeat.
 *
 * <p>A failed presence write never fails a stream: at worst a device is woken once needlessly.
 */
@Service
public class StreamPresence {

  private static final Logger log = LoggerFactory.getLogger(StreamPresence.class);
  private static final int LAPSED_BATCH = 1000;

  private final UUID replicaId = UUID.randomUUID();
  private final Map<String, Integer> streamsByRecipient = new ConcurrentHashMap<>();
  private final StreamPresenceStore store;
  private final PushProperties properties;
  private final Clock clock;
  private volatile boolean leaving;

  public StreamPresence(StreamPresenceStore store, PushProperties properties, Clock clock) {
    this.store = store;
    this.properties = properties;
    this.clock = clock;
  }

  /** A stream of {@code recipientId} opened on this replica (before its first drain). */
  public void streamOpened(String recipientId) {
    if (streamsByRecipient.merge(recipientId, 1, Integer::sum) == 1) {
      write(() -> store.markLive(replicaId, List.of(recipientId), liveUntil()));
    }
  }

  /** A stream of {@code recipientId} on this replica ended. */
  public void streamClosed(String recipientId) {
    Integer left =
        streamsByRecipient.computeIfPresent(recipientId, (id, n) -> n == 1 ? null : n - 1);
    if (left == null && !leaving) {
      write(() -> store.remove(replicaId, recipientId));
    }
  }

  /** Renews this replica's rows and deletes lapsed rows of replicas that died. */
  public void heartbeat() {
    Instant now = clock.instant();
    store.markLive(replicaId, List.copyOf(streamsByRecipient.keySet()), liveUntil());
    store.deleteLapsed(now, LAPSED_BATCH);
  }

  /**
   * The context is closing: from now on streams end without presence writes, because shutdown must
   * not wait for a database that may be gone. This replica's rows lapse within {@code
   * presence-ttl}; until then its recipients are not woken (they reconnect to another replica).
   */
  @EventListener(ContextClosedEvent.class)
  void leaving() {
    leaving = true;
  }

  private Instant liveUntil() {
    return clock.instant().plus(properties.presenceTtl());
  }

  private static void write(Runnable write) {
    try {
      write.run();
    } catch (DataAccessException e) {
      log.warn("Stream presence not written (the next heartbeat retries): {}", e.toString());
    }
  }
}
