package org.credrelay.issuergateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.credrelay.issuergateway.testing.RealPortGatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 14 item 10: an attacker flooding the issuer API, or guessing API keys, is slowed down by
 * token buckets per API key, per client address and for failed authentications, with 429
 * problem+json and Retry-After. Small limits (a context of its own); buckets refill when the
 * gateway's clock moves, never by sleeping.
 */
@TestPropertySource(
    properties = {
      "test.upstream-server=issuer-gateway-rate-limit",
      "gateway.rate-limit.per-api-key.capacity=5",
      "gateway.rate-limit.per-api-key.refill-tokens=5",
      "gateway.rate-limit.per-api-key.refill-period=1m",
      "gateway.rate-limit.per-address.capacity=8",
      "gateway.rate-limit.per-address.refill-tokens=8",
      "gateway.rate-limit.per-address.refill-period=1m",
      "gateway.rate-limit.failed-authentications-per-address.capacity=3",
      "gateway.rate-limit.failed-authentications-per-address.refill-tokens=3",
      "gateway.rate-limit.failed-authentications-per-address.refill-period=5m"
    })
class RateLimitAttackTest extends RealPortGatewayTest {

  @Autowired MeterRegistry meters;

  private TestTenant tenant;

  @BeforeEach
  void freshBuckets() throws Exception {
    clock.advance(Duration.ofMinutes(10));
    tenant = createTenant("Rate Co");
    clock.advance(Duration.ofMinutes(10));
  }

  @Test
  void floodWithOneApiKey_is429WithRetryAfter_untilTheBucketRefills() throws Exception {
    for (int i = 0; i < 5; i++) {
      expect(get(tenant.apiKey()), 200, null);
    }
    HttpResponse<String> limited = get(tenant.apiKey());
    expect(limited, 429, "RATE_LIMITED");
    long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);

    clock.advance(Duration.ofSeconds(retryAfter));
    expect(get(tenant.apiKey()), 200, null);
    assertThat(meters.counter("gateway.rate_limiter.rejected", "bucket", "api_key").count())
        .isPositive();
  }

  @Test
  void floodFromOneAddress_withSeveralKeys_is429() throws Exception {
    String second =
        expect(send("POST", "/api/v1/tenant/api-keys", null, API_KEY, tenant.apiKey()), 201, null)
            .get("apiKey")
            .stringValue();
    for (int i = 0; i < 4; i++) {
      expect(get(tenant.apiKey()), 200, null);
    }
    for (int i = 0; i < 3; i++) {
      expect(get(second), 200, null);
    }
    HttpResponse<String> limited = get(second);
    expect(limited, 429, "RATE_LIMITED");
    assertThat(limited.body()).contains("address");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void guessingKeys_blocksTheAddress_evenForAValidKey_untilTheBucketRefills() throws Exception {
    for (int i = 0; i < 3; i++) {
      expect(get("crgw_0123456789abcdef_guess" + i), 401, "UNAUTHENTICATED");
    }
    HttpResponse<String> blocked = get(tenant.apiKey());
    expect(blocked, 429, "RATE_LIMITED");
    assertThat(blocked.body()).contains("failed authentications");
    long retryAfter = Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 300L);

    clock.advance(Duration.ofSeconds(retryAfter));
    expect(get(tenant.apiKey()), 200, null);
  }

  @Test
  void probesStayOutsideTheLimits() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(sendTo(managementPort, "GET", "/actuator/health/readiness", null).statusCode())
          .isEqualTo(200);
    }
  }

  private HttpResponse<String> get(String apiKey) throws Exception {
    return send("GET", "/api/v1/connections", null, API_KEY, apiKey);
  }
}
