package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox queries use the indexes made for them (planner told to avoid sequential scans). */
class DeliveryQueryPlanTest extends GatewayIntegrationTest {

  @Autowired TransactionTemplate transactions;

  @Test
  void workerClaim_usesTheDueIndex() {
    assertThat(
            plan(
                """
        SELECT id FROM deliveries
        WHERE status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE') AND next_attempt_at <= now()
          AND (lease_until IS NULL OR lease_until < now())
        ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED"""))
        .contains("deliveries_due_idx");
  }

  @Test
  void keysetListing_usesTheTenantPageIndex() {
    assertThat(
            plan(
                """
        SELECT id FROM deliveries
        WHERE tenant_id = '%s' AND kind = 'CREDENTIAL'
          AND (created_at, id) > (now(), '%s')
        ORDER BY created_at, id LIMIT 21"""
                    // Constants, as the bound parameters are: with a volatile gen_random_uuid() the
                    // planner can use no index condition and picks any index of the same predicate.
                    .formatted(UUID.randomUUID(), UUID.randomUUID())))
        .contains("deliveries_tenant_page_idx");
  }

  @Test
  void credentialLookupOfARevocation_usesTheCredentialIndex() {
    // On the nearly empty table of the test context both indexes on tenant_id estimate one row, and
    // the planner may pick either; without the page index (dropped inside the EXPLAIN's
    // transaction, which rolls back) it must be the credential index, not a scan with a filter.
    assertThat(
            plan(
                "DROP INDEX issuer_gateway.deliveries_tenant_page_idx",
                """
        SELECT id FROM deliveries
        WHERE tenant_id = '%s' AND credential_id = '%s' AND kind = 'CREDENTIAL'
        ORDER BY (status = 'SENT') DESC, created_at DESC, id DESC LIMIT 1"""
                    .formatted(UUID.randomUUID(), UUID.randomUUID())))
        .contains("deliveries_credential_idx");
  }

  @Test
  void connectionFactsOfABatch_useTheConnectionIndexes() {
    // DeliveryStore#connectionFacts, read once per delivery round for the batch's connections.
    String plan =
        plan(
            """
        SELECT connection_id, bool_or(kind = 'HANDSHAKE_REPLY'),
            min(created_at) FILTER (WHERE kind = 'KEY_ROTATION')
        FROM deliveries
        WHERE connection_id = ANY(ARRAY['%s', '%s']::uuid[])
          AND ((kind = 'HANDSHAKE_REPLY' AND status = 'SENT')
            OR (kind = 'KEY_ROTATION' AND status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE')))
        GROUP BY connection_id"""
                .formatted(UUID.randomUUID(), UUID.randomUUID()));
    assertThat(plan).containsAnyOf("deliveries_connection_idx", "deliveries_unsent_rotation_idx");
    assertThat(plan).doesNotContain("Seq Scan");
  }

  private String plan(String query) {
    return plan(null, query);
  }

  private String plan(String setUp, String query) {
    return transactions.execute(
        status -> {
          jdbc.sql("SET LOCAL enable_seqscan = off").update();
          if (setUp != null) {
            jdbc.sql(setUp).update();
            status.setRollbackOnly();
          }
          List<String> lines = jdbc.sql("EXPLAIN " + query).query(String.class).list();
          return String.join("\n", lines);
        });
  }
}
