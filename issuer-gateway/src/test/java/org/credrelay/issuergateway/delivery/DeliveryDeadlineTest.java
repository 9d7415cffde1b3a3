package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.grpc.Status;
import java.time.Duration;
import java.util.UUID;
import org.credrelay.issuergateway.delivery.service.DeliveryExpiryJob;
import org.credrelay.issuergateway.testing.DeliveryEventLog;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 item 2: a delivery the connector has not acknowledged by its deadline becomes EXPIRED
 * (never sent afterwards); a permanent refusal ends it as FAILED at once; both carry a stable
 * failure code and publish their event inside the transaction of the change.
 */
class DeliveryDeadlineTest extends GatewayIntegrationTest {

  @Autowired DeliveryExpiryJob expiry;
  @Autowired DeliveryEventLog events;

  @Test
  void connectorDownPastTheDeadline_isExpired_withTheLastError_andNeverSentAfterwards()
      throws Exception {
    TestTenant tenant = createTenant("Deadline Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    connector.failWith(Status.UNAVAILABLE);
    String deliveryId = issueCredential(tenant, connectionId, "Deadline", 60);
    drainOutbox();
    JsonNode retrying = deliveryStatus(tenant, deliveryId);
    assertThat(retrying.get("status").stringValue()).isEqualTo("ACCEPTED");
    assertThat(retrying.get("failureCode").stringValue()).isEqualTo("CONNECTOR_UNAVAILABLE");

    clock.advance(Duration.ofSeconds(61));
    drainOutbox(); // past the deadline the worker no longer claims it
    expiry.expireDue();

    JsonNode expired = deliveryStatus(tenant, deliveryId);
    assertThat(expired.get("status").stringValue()).isEqualTo("EXPIRED");
    assertThat(expired.get("failureCode").stringValue()).isEqualTo("DEADLINE_PASSED");
    assertThat(expired.get("reason").stringValue())
        .startsWith("deadline passed after 1 attempt(s)")
        .contains("connector unavailable");
    assertThat(expired.get("contentErased").booleanValue()).isTrue();
    assertThat(expired.get("finishedAt").isNull()).isFalse();
    assertThat(events.of(UUID.fromString(deliveryId)))
        .filteredOn(recorded -> recorded.event().status().finished())
        .singleElement()
        .satisfies(
            recorded -> {
              assertThat(recorded.inTransaction()).isTrue();
              assertThat(recorded.event().event()).isEqualTo("delivery.expired");
              assertThat(recorded.event().status()).isEqualTo(DeliveryStatus.EXPIRED);
              assertThat(recorded.event().reasonCode()).isEqualTo("DEADLINE_PASSED");
              assertThat(recorded.event().tenantId()).isEqualTo(tenant.id());
            });

    connector.recover();
    clock.advance(Duration.ofMinutes(10));
    drainOutbox();
    assertThat(storedFor(holder, deliveryId)).isEmpty();
    assertThat(deliveryStatus(tenant, deliveryId).get("status").stringValue()).isEqualTo("EXPIRED");
  }

  @Test
  void defaultDeadline_isSevenDays_andALongerRequestedOneIsRefused() throws Exception {
    TestTenant tenant = createTenant("Default Deadline Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String deliveryId = issueCredential(tenant, connectionId, "Default");
    JsonNode accepted = deliveryStatus(tenant, deliveryId);
    assertThat(
            Duration.between(
                java.time.Instant.parse(accepted.get("acceptedAt").stringValue()),
                java.time.Instant.parse(accepted.get("deadlineAt").stringValue())))
        .isEqualTo(Duration.ofDays(7));

    JsonNode refused =
        call(
            mvc.perform(
                    post("/api/v1/credentials")
                        .header(API_KEY, tenant.apiKey())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                            issueBody(
                                connectionId,
                                credential("Too Long"),
                                Duration.ofDays(15).toSeconds())))
                .andReturn(),
            400);
    assertThat(refused.get("detail").stringValue()).contains("max-deadline");
  }

  @Test
  void revokedHolderKey_failsAtOnce_withItsCode_andOneEvent() throws Exception {
    TestTenant tenant = createTenant("Revoked Key Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    registry.revokeConnectionKey(holder.connectionId(), holder.communicationKey().kid());

    String deliveryId = issueCredential(tenant, connectionId, "Revoked");
    drainOutbox();

    JsonNode failed = deliveryStatus(tenant, deliveryId);
    assertThat(failed.get("status").stringValue()).isEqualTo("FAILED");
    assertThat(failed.get("failureCode").stringValue()).isEqualTo("HOLDER_KEY_NOT_ACTIVE");
    assertThat(failed.get("attempts").intValue()).isEqualTo(1);
    assertThat(events.of(UUID.fromString(deliveryId)))
        .filteredOn(recorded -> recorded.event().status().finished())
        .singleElement()
        .satisfies(
            recorded -> {
              assertThat(recorded.inTransaction()).isTrue();
              assertThat(recorded.event().event()).isEqualTo("delivery.failed");
              assertThat(recorded.event().reasonCode()).isEqualTo("HOLDER_KEY_NOT_ACTIVE");
            });
  }

  @Test
  void resend_whileNoContentIsRetained_tellsThePortalToPostAgain() throws Exception {
    TestTenant tenant = createTenant("No Retention Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    registry.revokeConnectionKey(holder.connectionId(), holder.communicationKey().kid());
    String deliveryId = issueCredential(tenant, connectionId, "Erased");
    drainOutbox();

    JsonNode gone =
        call(
            mvc.perform(
                    post("/api/v1/deliveries/" + deliveryId + "/resend")
                        .header(API_KEY, tenant.apiKey())
                        .header("Idempotency-Key", UUID.randomUUID().toString()))
                .andReturn(),
            410);
    assertThat(gone.get("code").stringValue()).isEqualTo("CONTENT_ERASED");
    assertThat(gone.get("detail").stringValue()).contains("POST /api/v1/credentials");
  }
}
