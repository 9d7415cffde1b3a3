package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.testsupport.connector.FakeConnector.SendCall;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The deliveries of one claimed batch go out with one SendMessages, without giving up isolation.
 */
class DeliveryBatchingTest extends GatewayIntegrationTest {

  @Test
  void credentialsOfOneTenant_goOutInOneSendMessages_eachAcknowledgedWithItsOwnMessageId()
      throws Exception {
    TestTenant tenant = createTenant("Bulk Issuer");
    TestHolder first = verifiedHolder(tenant);
    TestHolder second = verifiedHolder(tenant);
    List<String> ids =
        issueBatch(
            tenant,
            List.of(
                gatewayConnectionId(tenant, first),
                gatewayConnectionId(tenant, second),
                gatewayConnectionId(tenant, first)));

    drainOutbox();

    assertThat(calls(ids))
        .hasSize(3)
        .allSatisfy(call -> assertThat(call.batch()).isEqualTo(3))
        .extracting(SendCall::outcome)
        .containsOnly("STORED");
    for (int i = 0; i < ids.size(); i++) {
      TestHolder holder = i == 1 ? second : first;
      JsonNode sent = deliveryStatus(tenant, ids.get(i));
      assertThat(sent.get("status").stringValue()).isEqualTo("SENT");
      assertThat(storedFor(holder, ids.get(i)))
          .singleElement()
          .satisfies(
              stored ->
                  assertThat(stored.id()).isEqualTo(sent.get("connectorMessageId").stringValue()));
    }
    assertThat(first.credentials()).hasSize(2);
    assertThat(second.credentials()).hasSize(1);
  }

  @Test
  void oneRefusedEntry_failsAlone_andTheOthersAreSentOnTheirOwn() throws Exception {
    TestTenant tenant = createTenant("Mixed Luck Issuer");
    TestHolder healthy = verifiedHolder(tenant);
    TestHolder leaving = verifiedHolder(tenant);
    UUID healthyId = gatewayConnectionId(tenant, healthy);
    UUID leavingId = gatewayConnectionId(tenant, leaving);
    // A first credential confirms the leaving holder's key; the confirmation is still fresh when
    // the holder revokes the connection at the connector (the gateway has not synchronised yet).
    issueCredential(tenant, leavingId, "Before");
    drainOutbox();
    connector.revokeAsHolder(leaving.connectionId());
    List<String> ids = issueBatch(tenant, List.of(healthyId, leavingId, healthyId, healthyId));

    drainOutbox();

    List<SendCall> calls = calls(ids);
    assertThat(calls)
        .filteredOn(call -> call.batch() == 4)
        .hasSize(4)
        .extracting(SendCall::outcome)
        .containsOnly("FAILED_PRECONDITION");
    assertThat(calls).filteredOn(call -> call.batch() == 0).hasSize(4);
    for (String id : List.of(ids.get(0), ids.get(2), ids.get(3))) {
      assertThat(deliveryStatus(tenant, id).get("status").stringValue()).isEqualTo("SENT");
      assertThat(storedFor(healthy, id)).hasSize(1);
    }
    JsonNode refused = deliveryStatus(tenant, ids.get(1));
    assertThat(refused.get("status").stringValue()).isEqualTo("FAILED");
    assertThat(refused.get("reason").stringValue())
        .startsWith("connector refused: FAILED_PRECONDITION");
    assertThat(healthy.credentials()).hasSize(3);
    assertThat(leaving.credentials()).hasSize(1);

    // The refusal dropped the cached key confirmation: the next credential asks the registry again.
    int lookups = registry.activeKeyLookups(leaving.connectionId());
    String next = issueCredential(tenant, leavingId, "After");
    drainOutbox();
    assertThat(registry.activeKeyLookups(leaving.connectionId())).isEqualTo(lookups + 1);
    assertThat(deliveryStatus(tenant, next).get("status").stringValue()).isEqualTo("FAILED");
  }

  @Test
  void lostAcknowledgementOfABatch_everyEntryRetried_andStoredOnce() throws Exception {
    TestTenant tenant = createTenant("Lost Batch Ack Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    connector.loseNextAcks(1);
    List<String> ids = issueBatch(tenant, List.of(connectionId, connectionId, connectionId));

    drainOutbox();
    for (String id : ids) {
      JsonNode pending = deliveryStatus(tenant, id);
      assertThat(pending.get("status").stringValue()).isEqualTo("ACCEPTED");
      assertThat(pending.get("reason").stringValue()).contains("UNAVAILABLE");
    }
    clock.advance(Duration.ofSeconds(2));
    drainOutbox();

    assertThat(calls(ids))
        .extracting(SendCall::outcome)
        .containsExactly(
            "STORED_ACK_LOST", "STORED_ACK_LOST", "STORED_ACK_LOST", "STORED", "STORED", "STORED");
    for (String id : ids) {
      JsonNode sent = deliveryStatus(tenant, id);
      assertThat(sent.get("status").stringValue()).isEqualTo("SENT");
      assertThat(storedFor(holder, id))
          .singleElement()
          .satisfies(
              stored ->
                  assertThat(stored.id()).isEqualTo(sent.get("connectorMessageId").stringValue()));
    }
    assertThat(holder.credentials()).hasSize(3);
  }

  private List<SendCall> calls(List<String> deliveryIds) {
    return connector.sendCalls().stream()
        .filter(call -> deliveryIds.contains(call.clientMessageId()))
        .toList();
  }

  /** One batch request (atomic acceptance), one credential per connection id given. */
  private List<String> issueBatch(TestTenant tenant, List<UUID> connectionIds) throws Exception {
    StringBuilder items = new StringBuilder("{\"items\":[");
    for (int i = 0; i < connectionIds.size(); i++) {
      items
          .append(i == 0 ? "" : ",")
          .append(issueBody(connectionIds.get(i), credential("Holder " + i)));
    }
    JsonNode accepted =
        call(
            mvc.perform(
                    post("/api/v1/credentials/batch")
                        .header(API_KEY, tenant.apiKey())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(items.append("]}").toString()))
                .andReturn(),
            202);
    List<String> ids = new ArrayList<>();
    accepted.get("items").forEach(item -> ids.add(item.get("deliveryId").stringValue()));
    return ids;
  }
}
