package org.credrelay.issuergateway.webhook.store;

import static org.credrelay.db.Timestamps.instant;
import static org.credrelay.issuergateway.webhook.store.WebhookEndpointStore.bounded;
import static org.credrelay.issuergateway.webhook.store.WebhookEndpointStore.ts;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.credrelay.issuergateway.webhook.ClaimedWebhookEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The webhook outbox ({@code issuer_gateway.webhook_events}): one row per event and subscribed
 * endpoint. Inserts join the caller's transaction, so an event commits or rolls back with the state
 * change it reports. Workers claim due rows with {@code FOR UPDATE SKIP LOCKED} and a lease, so
 * several workers (threads or replicas) never post the same row at once; a row is only claimable
 * while no earlier row of the same endpoint and subject is pending, so the events of one delivery
 * or connection arrive in the order they happened. Payloads hold ids and states, never credential
 * content.
 */
@Component
public class WebhookEventStore {

  // Bounded by the largest issuing batch (gateway.api.max-batch-items, at most 1,000 sizes).
  private static final Map<Integer, String> INSERT_FOR_SUBSCRIBERS = new ConcurrentHashMap<>();

  private final JdbcClient jdbc;

  WebhookEventStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Queues the event for every enabled endpoint of the tenant that subscribes to {@code type}, each
   * row with a fresh random id (its webhook-id). Joins the caller's transaction.
   *
   * @return how many rows were written
   */
  public int insertForSubscribers(
      UUID tenantId, String type, UUID subjectId, String payload, Instant now) {
    return jdbc.sql(
            """
        INSERT INTO issuer_gateway.webhook_events (id, endpoint_id, tenant_id, event_type, subject_id,
            payload, status, next_attempt_at, created_at)
        SELECT gen_random_uuid(), p.id, p.tenant_id, :type, :subject, :payload, 'PENDING', :now, :now
        FROM issuer_gateway.webhook_endpoints p
        WHERE p.tenant_id = :tenant AND p.enabled
          AND (cardinality(p.event_types) = 0 OR :type = ANY (p.event_types))
        ORDER BY p.id
        """)
        .param("tenant", tenantId)
        .param("type", type)
        .param("subject", subjectId)
        .param("payload", payload)
        .param("now", ts(now))
        .update();
  }

  /**
   * Queues one event of {@code type} per subject (in that order) for every enabled endpoint of the
   * tenant that subscribes to {@code type}, like {@link #insertForSubscribers(UUID, String, UUID,
   * String, Instant)} but in one statement for all of them. Joins the caller's transaction.
   *
   * @param payloads the payload of each subject's event, in the order of {@code subjectIds}
   * @return how many rows were written
   */
  public int insertForSubscribers(
      UUID tenantId, String type, List<UUID> subjectIds, List<String> payloads, Instant now) {
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < subjectIds.size(); i++) {
      params.put("subject" + i, subjectIds.get(i));
      params.put("payload" + i, payloads.get(i));
    }
    params.put("tenant", tenantId);
    params.put("type", type);
    params.put("now", ts(now));
    return jdbc.sql(
            INSERT_FOR_SUBSCRIBERS.computeIfAbsent(
                subjectIds.size(), WebhookEventStore::insertForSubscribers))
        .params(params)
        .update();
  }

  /** The insert of the events of {@code subjects} subjects (one text per count, built once). */
  private static String insertForSubscribers(int subjects) {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < subjects; i++) {
      rows.append(i == 0 ? "" : ", ")
          .append("(CAST(:subject%1$d AS uuid), CAST(:payload%1$d AS text), %1$d)".formatted(i));
    }
    return """
        INSERT INTO issuer_gateway.webhook_events (id, endpoint_id, tenant_id, event_type, subject_id,
            payload, status, next_attempt_at, created_at)
        SELECT gen_random_uuid(), p.id, p.tenant_id, :type, e.subject, e.payload, 'PENDING', :now, :now
        FROM (VALUES %s) AS e(subject, payload, n)
        JOIN issuer_gateway.webhook_endpoints p ON p.tenant_id = :tenant AND p.enabled
          AND (cardinality(p.event_types) = 0 OR :type = ANY (p.event_types))
        ORDER BY e.n, p.id
        """
        .formatted(rows);
  }

  /**
   * Leases up to {@code limit} due events of enabled endpoints to {@code owner} until {@code
   * leaseUntil}: for each endpoint and subject only the oldest pending one. Commits on its own.
   */
  public List<ClaimedWebhookEvent> claim(String owner, Instant now, Instant leaseUntil, int limit) {
    return jdbc.sql(
            """
        WITH due AS (
            SELECT e.seq FROM issuer_gateway.webhook_events e
            JOIN issuer_gateway.webhook_endpoints p ON p.id = e.endpoint_id AND p.enabled
            WHERE e.status = 'PENDING' AND e.next_attempt_at <= :now
              AND (e.lease_until IS NULL OR e.lease_until < :now)
              AND NOT EXISTS (SELECT 1 FROM issuer_gateway.webhook_events b
                  WHERE b.endpoint_id = e.endpoint_id AND b.subject_id = e.subject_id
                    AND b.status = 'PENDING' AND b.seq < e.seq)
            ORDER BY e.next_attempt_at, e.seq
            LIMIT :limit
            FOR UPDATE OF e SKIP LOCKED)
        UPDATE issuer_gateway.webhook_events w
        SET lease_owner = :owner, lease_until = :until, attempts = w.attempts + 1
        FROM due WHERE w.seq = due.seq
        RETURNING w.id, w.endpoint_id, w.event_type, w.payload, w.attempts, w.created_at
        """)
        .param("owner", owner)
        .param("now", ts(now))
        .param("until", ts(leaseUntil))
        .param("limit", limit)
        .query(
            (rs, row) ->
                new ClaimedWebhookEvent(
                    rs.getObject("id", UUID.class),
                    rs.getObject("endpoint_id", UUID.class),
                    rs.getString("event_type"),
                    rs.getString("payload"),
                    rs.getInt("attempts"),
                    instant(rs, "created_at")))
        .list();
  }

  /** The endpoint answered 2xx; releases the lease. */
  public boolean markDelivered(UUID id, String owner, Instant now) {
    return finish(id, owner, "DELIVERED", null, now);
  }

  /** Given up for good; releases the lease. */
  public boolean markFailed(UUID id, String owner, String error, Instant now) {
    return finish(id, owner, "FAILED", error, now);
  }

  /** Another attempt at {@code nextAttemptAt}; releases the lease. */
  public boolean retryLater(UUID id, String owner, String error, Instant nextAttemptAt) {
    return jdbc.sql(
                """
        UPDATE issuer_gateway.webhook_events SET next_attempt_at = :next, last_error = :error,
            lease_owner = NULL, lease_until = NULL
        WHERE id = :id AND lease_owner = :owner AND status = 'PENDING'
        """)
            .param("id", id)
            .param("owner", owner)
            .param("error", bounded(error))
            .param("next", ts(nextAttemptAt))
            .update()
        == 1;
  }

  private boolean finish(UUID id, String owner, String status, String error, Instant now) {
    return jdbc.sql(
                """
        UPDATE issuer_gateway.webhook_events SET status = :status, last_error = :error,
            finished_at = :now, lease_owner = NULL, lease_until = NULL
        WHERE id = :id AND lease_owner = :owner AND status = 'PENDING'
        """)
            .param("id", id)
            .param("owner", owner)
            .param("status", status)
            .param("error", bounded(error))
            .param("now", ts(now))
            .update()
        == 1;
  }
}
