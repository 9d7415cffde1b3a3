package org.credrelay.issuergateway.credential.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.credrelay.issuergateway.config.ApiProperties;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Decision 0062-gwaccept2: while every accepting permit is taken (a burst), an issuing request
 * waits at most {@code gateway.api.accept-queue-wait} and is then answered 503 UNAVAILABLE with
 * Retry-After as overload ("busy"), not as a database outage, and nothing is written; once a permit
 * is free the same request is accepted. Against real PostgreSQL.
 */
class AcceptAdmissionTest extends GatewayIntegrationTest {

  @Autowired AcceptAdmission admission;
  @Autowired ApiProperties properties;

  @Test
  void allPermitsTaken_is503BusyWithRetryAfter_andNothingWritten_thenAccepted() throws Exception {
    TestTenant tenant = createTenant("Burst Co " + UUID.randomUUID());
    UUID connectionId = createInvitation(tenant).id();
    String body = issueBody(connectionId, credential("Ada"));
    int permits = properties.maxConcurrentAccepts();
    CountDownLatch holding = new CountDownLatch(permits);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService holders = Executors.newFixedThreadPool(permits);
    List<Future<?>> held = new ArrayList<>();
    try {
      for (int i = 0; i < permits; i++) {
        held.add(
            holders.submit(
                () ->
                    admission.run(
                        () -> {
                          holding.countDown();
                          try {
                            return release.await(1, TimeUnit.MINUTES);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                          }
                        })));
      }
      assertThat(holding.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

      MvcResult refused = issue(tenant, "burst-1", body);

      assertThat(refused.getResponse().getStatus()).isEqualTo(503);
      assertThat(refused.getResponse().getHeader("Retry-After")).isEqualTo("5");
      assertThat(refused.getResponse().getContentType()).isEqualTo("application/problem+json");
      var problem = json.readTree(refused.getResponse().getContentAsString());
      assertThat(problem.get("code").stringValue()).isEqualTo("UNAVAILABLE");
      assertThat(problem.get("detail").stringValue()).contains("busy");
      assertThat(
              jdbc.sql("SELECT count(*) FROM deliveries WHERE tenant_id = ?")
                  .param(tenant.id())
                  .query(Integer.class)
                  .single())
          .isZero();
    } finally {
      release.countDown();
      for (Future<?> future : held) {
        future.get(1, TimeUnit.MINUTES);
      }
      holders.shutdown();
    }
    assertThat(issue(tenant, "burst-1", body).getResponse().getStatus()).isEqualTo(202);
  }

  private MvcResult issue(TestTenant tenant, String idempotencyKey, String body) throws Exception {
    return mvc.perform(
            post("/api/v1/credentials")
                .header(API_KEY, tenant.apiKey())
                .header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andReturn();
  }
}
