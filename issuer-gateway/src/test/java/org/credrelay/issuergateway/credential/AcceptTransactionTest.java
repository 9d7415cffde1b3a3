package org.credrelay.issuergateway.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * The accepting transaction (a plain JDBC transaction, decision 0048) against real PostgreSQL: a
 * delivery row never commits without its webhook outbox row, and a batch is written whole or not at
 * all. A failing insert is made with a trigger scoped to the test's tenant (real statements fail in
 * the real database; nothing is mocked).
 */
class AcceptTransactionTest extends GatewayIntegrationTest {

  private WebhookReceiver receiver;
  private TestTenant tenant;
  private UUID connectionId;

  @BeforeEach
  void tenantWithAWebhook() throws Exception {
    receiver = new WebhookReceiver();
    tenant = createTenant("Atomic Co " + UUID.randomUUID());
    connectionId = createInvitation(tenant).id();
    call(
        mvc.perform(
                post("/api/v1/webhooks")
                    .header(API_KEY, tenant.apiKey())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[]}"))
            .andReturn(),
        201);
    jdbc.sql(
            """
        CREATE OR REPLACE FUNCTION issuer_gateway.test_refuse_insert() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'insert refused by the test'; END $$
        """)
        .update();
    // A trigger's WHEN cannot hold a subquery: this one refuses the event of a batch's third item.
    jdbc.sql(
            """
        CREATE OR REPLACE FUNCTION issuer_gateway.test_refuse_third_event() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
          IF EXISTS (SELECT 1 FROM issuer_gateway.deliveries d
                     WHERE d.id = NEW.subject_id AND d.item_index = 2) THEN
            RAISE EXCEPTION 'insert refused by the test';
          END IF;
          RETURN NEW;
        END $$
        """)
        .update();
  }

  @AfterEach
  void dropTriggers() {
    jdbc.sql("DROP TRIGGER IF EXISTS test_refuse ON issuer_gateway.webhook_events").update();
    jdbc.sql("DROP TRIGGER IF EXISTS test_refuse ON issuer_gateway.deliveries").update();
    receiver.close();
  }

  @Test
  void failingOutboxInsert_leavesNoDelivery_andTheRequestIs500_thenTheRetryIsAccepted()
      throws Exception {
    refuseInserts("webhook_events", "NEW.tenant_id = '" + tenant.id() + "'");

    MvcResult refused = issue("atomic-1", issueBody(connectionId, credential("A")));

    JsonNode problem = call(refused, 500);
    assertThat(problem.get("type").stringValue()).isEqualTo("urn:credrelay:problem:internal");
    assertThat(rows("deliveries")).isZero();
    assertThat(rows("webhook_events")).isZero();

    jdbc.sql("DROP TRIGGER test_refuse ON issuer_gateway.webhook_events").update();
    JsonNode accepted = call(issue("atomic-1", issueBody(connectionId, credential("A"))), 202);
    assertThat(rows("deliveries")).isEqualTo(1);
    assertThat(subjects()).containsExactly(accepted.get("deliveryId").stringValue());
  }

  @Test
  void batch_isWrittenWhole_withOneOutboxRowPerDelivery_inRequestOrder() throws Exception {
    JsonNode accepted = call(batch("atomic-batch-1", 3), 202);

    List<String> ids = new ArrayList<>();
    for (JsonNode item : accepted.get("items")) {
      ids.add(item.get("deliveryId").stringValue());
    }
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    assertThat(
            jdbc.sql(
                    "SELECT id::text FROM issuer_gateway.deliveries WHERE tenant_id = ?"
                        + " ORDER BY item_index")
                .param(tenant.id())
                .query(String.class)
                .list())
        .containsExactlyElementsOf(ids);
    assertThat(subjects()).containsExactlyElementsOf(ids);
  }

  @Test
  void batch_whoseLastDeliveryInsertFails_writesNothing() throws Exception {
    refuseInserts("deliveries", "NEW.tenant_id = '" + tenant.id() + "' AND NEW.item_index = 2");

    call(batch("atomic-batch-2", 3), 500);

    assertThat(rows("deliveries")).isZero();
    assertThat(rows("webhook_events")).isZero();
  }

  @Test
  void batch_whoseLastOutboxInsertFails_writesNoDelivery() throws Exception {
    jdbc.sql(
            "CREATE TRIGGER test_refuse BEFORE INSERT ON issuer_gateway.webhook_events FOR EACH ROW"
                + " WHEN (NEW.tenant_id = '"
                + tenant.id()
                + "') EXECUTE FUNCTION issuer_gateway.test_refuse_third_event()")
        .update();

    call(batch("atomic-batch-3", 3), 500);

    assertThat(rows("deliveries")).isZero();
    assertThat(rows("webhook_events")).isZero();
  }

  private void refuseInserts(String table, String condition) {
    jdbc.sql(
            "CREATE TRIGGER test_refuse BEFORE INSERT ON issuer_gateway."
                + table
                + " FOR EACH ROW WHEN ("
                + condition
                + ") EXECUTE FUNCTION issuer_gateway.test_refuse_insert()")
        .update();
  }

  private long rows(String table) {
    return jdbc.sql("SELECT count(*) FROM issuer_gateway." + table + " WHERE tenant_id = ?")
        .param(tenant.id())
        .query(Long.class)
        .single();
  }

  private List<String> subjects() {
    return jdbc.sql(
            "SELECT subject_id::text FROM issuer_gateway.webhook_events WHERE tenant_id = ?"
                + " AND event_type = 'delivery.accepted' ORDER BY seq")
        .param(tenant.id())
        .query(String.class)
        .list();
  }

  private MvcResult issue(String key, String body) throws Exception {
    return mvc.perform(
            post("/api/v1/credentials")
                .header(API_KEY, tenant.apiKey())
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andReturn();
  }

  private MvcResult batch(String key, int items) throws Exception {
    StringBuilder body = new StringBuilder("{\"items\":[");
    for (int i = 0; i < items; i++) {
      body.append(i == 0 ? "" : ",").append(issueBody(connectionId, credential("Item " + i)));
    }
    return mvc.perform(
            post("/api/v1/credentials/batch")
                .header(API_KEY, tenant.apiKey())
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body.append("]}").toString()))
        .andReturn();
  }
}
