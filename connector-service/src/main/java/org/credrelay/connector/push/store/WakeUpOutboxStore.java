package org.credrelay.connector.push.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.push.PushProvider;
import org.credrelay.connector.push.PushTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The transactional outbox of wake-ups ({@code connector.push_wake_ups}): at most one pending row
 * per device. {@link #queue} runs in the transaction that stores the messages, so a wake-up exists
 * exactly when a message was committed; {@link #claim} hands due rows to one dispatcher at a time
 * across replicas ({@code FOR UPDATE SKIP LOCKED} plus a lease, so no HTTP call happens inside a
 * database transaction and a crashed dispatcher's rows are taken over when the lease ends).
 */
@Repository
public class WakeUpOutboxStore {

  /**
   * Queues a wake-up for every target of the recipients that have no live stream; a device that
   * already has one pending keeps it (coalescing) and only its generation moves on. The first
   * attempt is due at once, or when the coalescing interval since the last wake-up ends.
   * Parameters: now, coalescing interval in seconds, recipient ids (the condition on {@code
   * t.recipient_id} is filled in: {@link #QUEUE}, {@link #QUEUE_ONE}), now.
   */
  private static final String QUEUE_TEMPLATE =
      """
      INSERT INTO connector.push_wake_ups (recipient_id, device_id, wake_up_id, due_at)
      SELECT t.recipient_id, t.device_id, gen_random_uuid(),
             GREATEST(CAST(? AS timestamptz),
                      t.last_woken_at + make_interval(secs => CAST(? AS double precision)))
      FROM connector.push_targets t
      WHERE t.recipient_id %s
        AND NOT EXISTS (SELECT 1 FROM connector.stream_presence p
                        WHERE p.recipient_id = t.recipient_id AND p.live_until > ?)
      ON CONFLICT (recipient_id, device_id)
        DO UPDATE SET generation = push_wake_ups.generation + 1""";

  /** {@link #QUEUE_TEMPLATE} for an array of recipient ids. */
  static final String QUEUE = QUEUE_TEMPLATE.formatted("= ANY (CAST(? AS text[]))");

  /**
   * {@link #QUEUE_TEMPLATE} for one recipient id (every SendMessage): PostgreSQL estimates {@code =
   * ANY} of an array parameter at many rows, so the generic plan of {@link #QUEUE} always looked
   * dearer than a custom one and the statement was planned on every send (0.25 ms of the database's
   * CPU per SendMessage; decision 0056-conndb). With a scalar both plans are the same index lookup,
   * and the plan cache keeps the generic one after five executions.
   */
  static final String QUEUE_ONE = QUEUE_TEMPLATE.formatted("= ?");

  /**
   * Claims up to a batch of due rows: moves their due time to the end of the lease and counts the
   * attempt; answers each with its target and whether the recipient has a live stream now.
   * Parameters: lease end, now, limit, now.
   */
  private static final String CLAIM =
      """
      UPDATE connector.push_wake_ups w
      SET due_at = ?, attempts = w.attempts + 1
      FROM (SELECT d.recipient_id, d.device_id FROM connector.push_wake_ups d
            WHERE d.due_at <= ? ORDER BY d.due_at LIMIT ?
            FOR UPDATE SKIP LOCKED) AS claimed,
           connector.push_targets t
      WHERE w.recipient_id = claimed.recipient_id AND w.device_id = claimed.device_id
        AND t.recipient_id = w.recipient_id AND t.device_id = w.device_id
      RETURNING w.recipient_id, w.device_id, w.wake_up_id, w.attempts, w.generation,
                t.provider, t.token,
                EXISTS (SELECT 1 FROM connector.stream_presence p
                        WHERE p.recipient_id = w.recipient_id AND p.live_until > ?) AS live""";

  /** One claimed wake-up. */
  public record Claim(
      PushTarget target, UUID wakeUpId, int attempts, long generation, boolean recipientLive) {}

  private final JdbcClient jdbc;

  WakeUpOutboxStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** In the caller's transaction: queue wake-ups for these recipients (see {@link #QUEUE}). */
  public int queue(Collection<String> recipientIds, Instant now, Duration wakeUpInterval) {
    Object recipients =
        recipientIds.size() == 1
            ? recipientIds.iterator().next()
            : StreamPresenceStore.textArray(recipientIds);
    return jdbc.sql(recipientIds.size() == 1 ? QUEUE_ONE : QUEUE)
        .params(utc(now), wakeUpInterval.toMillis() / 1000.0, recipients, utc(now))
        .update();
  }

  /** Claims due wake-ups for {@code lease} (see {@link #CLAIM}). */
  public List<Claim> claim(Instant now, Duration lease, int limit) {
    return jdbc.sql(CLAIM)
        .params(utc(now.plus(lease)), utc(now), limit, utc(now))
        .query(
            (rs, row) ->
                new Claim(
                    new PushTarget(
                        rs.getString("recipient_id"),
                        rs.getString("device_id"),
                        PushProvider.valueOf(rs.getString("provider")),
                        rs.getString("token")),
                    rs.getObject("wake_up_id", UUID.class),
                    rs.getInt("attempts"),
                    rs.getLong("generation"),
                    rs.getBoolean("live")))
        .list();
  }

  /**
   * The claimed wake-up is done (sent, dropped or not needed). If messages were queued for the
   * device meanwhile (the generation moved on), it becomes a new wake-up due at {@code requeueAt}
   * instead of disappearing.
   */
  public void finish(Claim claim, Instant requeueAt) {
    int deleted =
        jdbc.sql(
                """
                DELETE FROM connector.push_wake_ups
                WHERE recipient_id = ? AND device_id = ? AND wake_up_id = ? AND generation = ?""")
            .params(
                claim.target().recipientId(),
                claim.target().deviceId(),
                claim.wakeUpId(),
                claim.generation())
            .update();
    if (deleted == 0) {
      jdbc.sql(
              """
              UPDATE connector.push_wake_ups
              SET wake_up_id = gen_random_uuid(), attempts = 0, generation = 1, due_at = ?
              WHERE recipient_id = ? AND device_id = ? AND wake_up_id = ?""")
          .params(
              utc(requeueAt),
              claim.target().recipientId(),
              claim.target().deviceId(),
              claim.wakeUpId())
          .update();
    }
  }

  /** The attempt failed: try again at {@code dueAt} (same wake-up id). */
  public void retryAt(Claim claim, Instant dueAt) {
    jdbc.sql(
            """
            UPDATE connector.push_wake_ups SET due_at = ?
            WHERE recipient_id = ? AND device_id = ? AND wake_up_id = ?""")
        .params(
            utc(dueAt), claim.target().recipientId(), claim.target().deviceId(), claim.wakeUpId())
        .update();
  }

  /** A wake-up was delivered to the device: coalescing counts from {@code at}. */
  public void markWoken(PushTarget target, Instant at) {
    jdbc.sql(
            """
            UPDATE connector.push_targets SET last_woken_at = ?
            WHERE recipient_id = ? AND device_id = ?""")
        .params(utc(at), target.recipientId(), target.deviceId())
        .update();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
