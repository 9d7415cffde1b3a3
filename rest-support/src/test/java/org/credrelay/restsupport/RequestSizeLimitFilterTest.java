package org.credrelay.restsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The one request body limit: declared lengths over the limit are refused before reading, chunked
 * bodies are counted while read, and the bodies of all requests in progress are bounded.
 */
class RequestSizeLimitFilterTest {

  private final RequestSizeLimitFilter filter =
      new RequestSizeLimitFilter(800 * 1024, 1024 * 1024, 7);

  @Test
  void declaredLengthOverTheLimit_is413ProblemBeforeTheHandlerRuns() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(
        body(801 * 1024),
        response,
        (req, res) -> {
          throw new AssertionError("the handler must not run");
        });

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentType()).startsWith("application/problem+json");
    assertThat(response.getContentAsString())
        .contains("\"type\":\"urn:credrelay:problem:request-too-large\"")
        .contains("\"code\":\"REQUEST_TOO_LARGE\"");
  }

  @Test
  void chunkedBodyWithinTheLimit_isReadWhole() throws Exception {
    MockHttpServletResponse response = run(chunked(800 * 1024), FilterChainReads.ALL);
    assertThat(response.getStatus()).isEqualTo(200);
  }

  @Test
  void chunkedBodyOverTheLimit_failsWhileRead_andIsAnswered413() throws Exception {
    int[] read = new int[1];
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(
        chunked(2 * 1024 * 1024),
        response,
        (req, res) -> {
          byte[] buffer = new byte[8192];
          for (int n; (n = req.getInputStream().read(buffer)) > 0; ) {
            read[0] += n;
          }
        });

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentAsString()).contains("\"code\":\"REQUEST_TOO_LARGE\"");
    assertThat(read[0])
        .as("never more than the limit is handed to the handler")
        .isLessThanOrEqualTo(800 * 1024);
  }

  @Test
  void overflowAfterTheResponseIsCommitted_propagates() {
    MockHttpServletResponse response = new MockHttpServletResponse();
    assertThatThrownBy(
            () ->
                filter.doFilter(
                    chunked(2 * 1024 * 1024),
                    response,
                    (req, res) -> {
                      res.flushBuffer();
                      FilterChainReads.ALL.doFilter(req, res);
                    }))
        .isInstanceOf(RequestTooLargeException.class);
  }

  @Test
  void requestsBeyondTheInFlightBudget_are503_untilTheBudgetIsFree() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<MockHttpServletResponse> first =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    body(700 * 1024),
                    (req, res) -> {
                      inside.countDown();
                      await(release);
                    }));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

    MockHttpServletResponse refused = run(body(700 * 1024), (req, res) -> {});
    assertThat(refused.getStatus()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("7");
    assertThat(refused.getContentAsString()).contains("\"code\":\"UNAVAILABLE\"");
    assertThat(run(new MockHttpServletRequest("GET", "/x"), (req, res) -> {}).getStatus())
        .as("a request without a body needs no budget")
        .isEqualTo(200);

    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    assertThat(run(body(700 * 1024), (req, res) -> {}).getStatus()).isEqualTo(200);
  }

  private static MockHttpServletRequest body(int size) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
    request.setContent(new byte[size]);
    return request;
  }

  /** A body without a declared length, as Tomcat presents a chunked one. */
  private static MockHttpServletRequest chunked(int size) {
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", "/x") {
          @Override
          public long getContentLengthLong() {
            return -1;
          }

          @Override
          public int getContentLength() {
            return -1;
          }
        };
    request.setContent(new byte[size]);
    request.addHeader("Transfer-Encoding", "chunked");
    return request;
  }

  private MockHttpServletResponse run(MockHttpServletRequest request, FilterChain handler) {
    MockHttpServletResponse response = new MockHttpServletResponse();
    try {
      filter.doFilter(request, response, handler);
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

  /** A handler that reads the whole body. */
  private enum FilterChainReads implements FilterChain {
    ALL;

    @Override
    public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res)
        throws IOException {
      req.getInputStream().readAllBytes();
    }
  }
}
