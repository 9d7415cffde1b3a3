package org.credrelay.issuergateway.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;
import org.credrelay.issuergateway.testing.RealPortGatewayTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14 item 6: a holder whose wallet found the issuer's keys substituted reports KEY_MISMATCH
 * through the connector. The gateway stops sealing credentials to that connection: the state is
 * KEY_MISMATCH in the REST API, pending deliveries fail with the reason, new ones are refused.
 */
class HolderKeyMismatchReportTest extends RealPortGatewayTest {

  @Test
  void holderReportsKeyMismatch_connectionClosed_deliveriesStopWithTheReason() throws Exception {
    TestTenant tenant = createTenant("Mismatch Report Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String pending = issueCredential(tenant, connectionId, "Ada");

    holder.sendError("KEY_MISMATCH", "the issuer key differs from the pinned one");

    awaitState(connectionId, ConnectionState.KEY_MISMATCH);
    JsonNode connection =
        expect(
            send("GET", "/api/v1/connections/" + connectionId, null, API_KEY, tenant.apiKey()),
            200,
            null);
    assertThat(connection.get("state").stringValue()).isEqualTo("KEY_MISMATCH");
    assertThat(connection.get("lastFailure").stringValue()).contains("KEY_MISMATCH", "holder");

    drainOutbox();
    JsonNode delivery =
        expect(
            send("GET", "/api/v1/deliveries/" + pending, null, API_KEY, tenant.apiKey()),
            200,
            null);
    assertThat(delivery.get("status").stringValue()).isEqualTo("FAILED");
    assertThat(delivery.toString()).contains("KEY_MISMATCH");
    assertThat(storedFor(holder, pending)).isEmpty();

    JsonNode refused =
        expect(
            send(
                "POST",
                "/api/v1/credentials",
                issueBody(connectionId, credential("Bob")),
                API_KEY,
                tenant.apiKey(),
                "Idempotency-Key",
                UUID.randomUUID().toString()),
            409,
            "CONFLICT");
    assertThat(refused.get("detail").stringValue()).contains("KEY_MISMATCH");
  }

  @Test
  void otherHolderErrors_leaveTheConnectionVerified() throws Exception {
    TestTenant tenant = createTenant("Other Error Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    holder.sendError("UNDECRYPTABLE", "could not open one message");
    String last = holder.sendError("KEY_MISMATCH_NOT", "not the code");
    await().atMost(WAIT).until(() -> connector.isAcknowledged(last));
    String delivery = issueCredential(tenant, connectionId, "Eve");
    drainOutbox();
    assertThat(connections.get(connectionId).orElseThrow().state())
        .isEqualTo(ConnectionState.VERIFIED);
    assertThat(storedFor(holder, delivery)).hasSize(1);
  }
}
