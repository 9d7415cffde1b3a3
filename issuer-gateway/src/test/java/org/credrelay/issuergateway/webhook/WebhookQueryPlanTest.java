package org.credrelay.issuergateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook outbox queries use the indexes made for them (planner told to avoid sequential
 * scans): the worker's due scan and its per-subject order check.
 */
class WebhookQueryPlanTest extends GatewayIntegrationTest {

  @Autowired TransactionTemplate transactions;

  @Test
  void workerClaim_usesTheDueIndex_andTheSubjectIndexForTheOrderCheck() {
    String plan =
        plan(
            """
        SELECT e.seq FROM webhook_events e
        JOIN webhook_endpoints p ON p.id = e.endpoint_id AND p.enabled
        WHERE e.status = 'PENDING' AND e.next_attempt_at <= now()
          AND (e.lease_until IS NULL OR e.lease_until < now())
          AND NOT EXISTS (SELECT 1 FROM webhook_events b
              WHERE b.endpoint_id = e.endpoint_id AND b.subject_id = e.subject_id
                AND b.status = 'PENDING' AND b.seq < e.seq)
        ORDER BY e.next_attempt_at, e.seq LIMIT 50
        FOR UPDATE OF e SKIP LOCKED""");
    assertThat(plan).contains("webhook_events_due").contains("webhook_events_pending_subject");
  }

  private String plan(String query) {
    return transactions.execute(
        status -> {
          jdbc.sql("SET LOCAL enable_seqscan = off").update();
          List<String> lines = jdbc.sql("EXPLAIN " + query).query(String.class).list();
          return String.join("\n", lines);
        });
  }
}
