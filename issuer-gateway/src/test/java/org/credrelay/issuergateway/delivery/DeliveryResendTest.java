package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.delivery.service.DeliveryExpiryJob;
import org.credrelay.issuergateway.testing.DeliveryEventLog;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 items 3 and 5: with {@code resend-retention} set, a FAILED or EXPIRED delivery can be
 * re-issued (one at a time or by filter), idempotently, at most once, as a new delivery of the same
 * credential; and the portal lists and counts deliveries by state and time.
 */
@TestPropertySource(
    properties = {
      "gateway.delivery.resend-retention=1d",
      "test.upstream-server=delivery-resend-test"
    })
class DeliveryResendTest extends GatewayIntegrationTest {

  @Autowired DeliveryExpiryJob expiry;
  @Autowired DeliveryEventLog events;

  @Test
  void expiredDelivery_isResentOnce_asTheSameCredential_andIdempotently() throws Exception {
    TestTenant tenant = createTenant("Resending Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    // The connector stores the first attempt but its answer is lost, then it is unreachable
    // until the deadline: the gateway cannot know that the holder may already have it.
    connector.loseNextAcks(1);
    String original = issueCredential(tenant, connectionId, "Resend", 60);
    drainOutbox();
    connector.failWith(Status.UNAVAILABLE);
    clock.advance(Duration.ofSeconds(61));
    expiry.expireDue();
    JsonNode expired = deliveryStatus(tenant, original);
    assertThat(expired.get("status").stringValue()).isEqualTo("EXPIRED");
    assertThat(expired.get("contentErased").booleanValue()).isFalse();
    connector.recover();

    String key = UUID.randomUUID().toString();
    JsonNode resent = resend(tenant, original, key, 202);
    String resendId = resent.get("deliveryId").stringValue();
    assertThat(resendId).isNotEqualTo(original);
    assertThat(resent.get("resendOf").stringValue()).isEqualTo(original);
    assertThat(resent.get("credentialId").stringValue())
        .isEqualTo(expired.get("credentialId").stringValue());
    assertThat(resent.get("status").stringValue()).isEqualTo("ACCEPTED");
    assertThat(events.of(UUID.fromString(resendId)))
        .singleElement()
        .satisfies(
            recorded -> {
              assertThat(recorded.inTransaction()).isTrue();
              assertThat(recorded.event().event()).isEqualTo("delivery.accepted");
            });
    assertThat(deliveryStatus(tenant, original).get("contentErased").booleanValue())
        .as("the content moved to the resend")
        .isTrue();

    assertThat(resend(tenant, original, key, 200).get("deliveryId").stringValue())
        .as("a replay answers the same resend")
        .isEqualTo(resendId);
    assertThat(
            resend(tenant, original, UUID.randomUUID().toString(), 409).get("detail").stringValue())
        .contains("already resent as " + resendId);
    String sentOne = issueCredential(tenant, connectionId, "Sent");
    assertThat(resend(tenant, sentOne, key, 422).get("code").stringValue())
        .isEqualTo("IDEMPOTENCY_KEY_REUSED");

    drainOutbox();
    assertThat(deliveryStatus(tenant, resendId).get("status").stringValue()).isEqualTo("SENT");
    assertThat(resend(tenant, sentOne, UUID.randomUUID().toString(), 409).get("code").stringValue())
        .isEqualTo("CONFLICT");
    // The holder got the lost original and the resend: one credential id, so the wallet (which
    // deduplicates on credential_id) stores it once.
    List<String> ids =
        holder.credentials().stream()
            .map(CredentialMessage::getCredentialId)
            .filter(id -> id.equals(expired.get("credentialId").stringValue()))
            .toList();
    assertThat(ids).hasSize(2).containsOnly(expired.get("credentialId").stringValue());
  }

  @Test
  void bulkResend_countsInADryRun_thenResendsWhatMatches_andCountsByState() throws Exception {
    TestTenant tenant = createTenant("Bulk Resending Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    connector.failWith(Status.UNAVAILABLE);
    // One millisecond apart, so the keyset order (accepted time, id) is the issuing order.
    String first = issueCredential(tenant, connectionId, "Resend", 60);
    clock.advance(Duration.ofMillis(1));
    String second = issueCredential(tenant, connectionId, "Resend", 60);
    clock.advance(Duration.ofMillis(1));
    String later = issueCredential(tenant, connectionId, "Resend", 3600);
    drainOutbox();
    clock.advance(Duration.ofSeconds(61));
    expiry.expireDue();
    connector.recover();

    JsonNode counts = getJson("/api/v1/deliveries/counts", tenant.apiKey());
    assertThat(counts.get("counts").get("EXPIRED").longValue()).isEqualTo(2);
    assertThat(counts.get("counts").get("ACCEPTED").longValue()).isEqualTo(1);
    assertThat(counts.get("counts").get("SENT").longValue()).isZero();
    assertThat(counts.get("total").longValue()).isEqualTo(3);
    JsonNode expiredPage = getJson("/api/v1/deliveries?status=EXPIRED&limit=1", tenant.apiKey());
    assertThat(expiredPage.get("items").get(0).get("deliveryId").stringValue()).isEqualTo(first);
    assertThat(expiredPage.get("items").get(0).get("failureCode").stringValue())
        .isEqualTo("DEADLINE_PASSED");
    JsonNode next =
        getJson(
            "/api/v1/deliveries?status=EXPIRED&limit=1&after="
                + expiredPage.get("nextCursor").stringValue(),
            tenant.apiKey());
    assertThat(next.get("items").get(0).get("deliveryId").stringValue()).isEqualTo(second);
    assertThat(next.get("nextCursor").isNull()).isTrue();
    assertThat(
            getJson("/api/v1/deliveries?to=" + clock.instant().minusSeconds(3600), tenant.apiKey())
                .get("items"))
        .isEmpty();

    String filter = "{\"connectionId\":\"" + connectionId + "\",\"status\":\"EXPIRED\"";
    JsonNode dryRun = bulk(tenant, filter + ",\"dryRun\":true}", null, 200);
    assertThat(dryRun.get("matched").longValue()).isEqualTo(2);
    assertThat(dryRun.get("resent")).isEmpty();
    assertThat(deliveryStatus(tenant, first).get("contentErased").booleanValue()).isFalse();

    String key = UUID.randomUUID().toString();
    JsonNode done = bulk(tenant, filter + "}", key, 202);
    assertThat(done.get("resent")).hasSize(2);
    assertThat(done.get("remaining").longValue()).isZero();
    assertThat(done.get("resent").get(0).get("resendOf").stringValue()).isEqualTo(first);
    assertThat(bulk(tenant, filter + "}", key, 200).get("resent")).hasSize(2);
    assertThat(bulk(tenant, filter + ",\"dryRun\":true}", null, 200).get("matched").longValue())
        .isZero();

    drainOutbox();
    assertThat(holder.credentials()).hasSize(3);
    assertThat(deliveryStatus(tenant, later).get("status").stringValue()).isEqualTo("SENT");
  }

  private JsonNode resend(TestTenant tenant, String deliveryId, String key, int expected)
      throws Exception {
    return call(
        mvc.perform(
                post("/api/v1/deliveries/" + deliveryId + "/resend")
                    .header(API_KEY, tenant.apiKey())
                    .header("Idempotency-Key", key))
            .andReturn(),
        expected);
  }

  private JsonNode bulk(TestTenant tenant, String body, String key, int expected) throws Exception {
    var request =
        post("/api/v1/deliveries/resend")
            .header(API_KEY, tenant.apiKey())
            .contentType(MediaType.APPLICATION_JSON)
            .content(body);
    if (key != null) {
      request = request.header("Idempotency-Key", key);
    }
    return call(mvc.perform(request).andReturn(), expected);
  }
}
