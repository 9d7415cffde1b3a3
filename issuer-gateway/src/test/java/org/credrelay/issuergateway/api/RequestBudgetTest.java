package org.credrelay.issuergateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.credrelay.issuergateway.config.ApiProperties;
import org.credrelay.issuergateway.error.ProblemWriter;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13 item 8: the request bodies held at once are bounded. While one request holds most of
 * the budget, another that does not fit is 503 with Retry-After (after a short wait); once the
 * first is done, the next one passes.
 */
class RequestBudgetTest {

  private final ApiProperties properties = new ApiProperties(DataSize.ofKilobytes(800),
      DataSize.ofKilobytes(64), 100, 20, 200, DataSize.ofMegabytes(1), Duration.ofSeconds(7));
  private final RequestSizeLimitFilter filter = new RequestSizeLimitFilter(properties,
      new ProblemWriter(JsonMapper.builder().build(), properties));

  @Test
  void requestsBeyondTheInFlightBudget_are503_untilTheBudgetIsFree() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() ->
        run(body(700 * 1024), () -> {
          inside.countDown();
          await(release);
        }));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

    MockHttpServletResponse refused = run(body(700 * 1024), () -> { });
    assertThat(refused.getStatus()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("7");
    assertThat(refused.getContentType()).isEqualTo("application/problem+json");
    assertThat(run(new MockHttpServletRequest("GET", "/api/v1/connections"), () -> { })
        .getStatus()).as("a request without a body needs no budget").isEqualTo(200);

    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    assertThat(run(body(700 * 1024), () -> { }).getStatus()).isEqualTo(200);
  }

  private static MockHttpServletRequest body(int size) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/credentials");
    request.setContent(new byte[size]);
    return request;
  }

  private MockHttpServletResponse run(MockHttpServletRequest request, Runnable handler) {
    MockHttpServletResponse response = new MockHttpServletResponse();
    try {
      filter.doFilter(request, response, (req, res) -> handler.run());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return response;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
