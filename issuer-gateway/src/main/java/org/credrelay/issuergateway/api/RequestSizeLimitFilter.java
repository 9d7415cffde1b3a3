package org.credrelay.issuergateway.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.credrelay.issuergateway.config.ApiProperties;
import org.credrelay.issuergateway.error.ErrorCode;
import org.credrelay.issuergateway.error.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized bodies before they are buffered whole (S9): a declared Content-Length over
 * {@code gateway.api.max-request-size} is answered 413 at once; a chunked body is counted while it
 * is read and reading fails with {@link RequestTooLargeException} at the limit. The bodies of all
 * requests in progress together are bounded too ({@code gateway.api.max-in-flight-request-bytes}):
 * a request that does not fit waits briefly, then is 503 with Retry-After.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

  private static final long WAIT_SECONDS = 2;

  private final long limit;
  private final ProblemWriter problems;
  /** Permits are KiB of request body held by the requests in progress. */
  private final Semaphore inFlightKib;

  public RequestSizeLimitFilter(ApiProperties properties, ProblemWriter problems) {
    this.limit = properties.maxRequestSize().toBytes();
    this.problems = problems;
    this.inFlightKib = new Semaphore(kib(Math.max(properties.maxInFlightRequestBytes().toBytes(),
        limit)), true);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      problems.write(response, ErrorCode.REQUEST_TOO_LARGE,
          "request body larger than " + limit + " bytes");
      return;
    }
    long declared = request.getContentLengthLong();
    // A chunked body may grow to the limit, so it counts as that much.
    int permits = declared > 0 ? kib(declared)
        : request.getHeader("Transfer-Encoding") != null ? kib(limit) : 0;
    if (!acquire(permits)) {
      problems.write(response, ErrorCode.UNAVAILABLE,
          "too many request bytes in progress; retry later");
      return;
    }
    try {
      chain.doFilter(new LimitedRequest(request, limit), response);
    } finally {
      inFlightKib.release(permits);
    }
  }

  private boolean acquire(int permits) {
    try {
      return inFlightKib.tryAcquire(permits, WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int kib(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024);
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), limit);
      }
      return stream;
    }
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream delegate;
    private final long limit;
    private long count;

    CountingStream(ServletInputStream delegate, long limit) {
      this.delegate = delegate;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = delegate.read(buffer, offset, length);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(int n) throws IOException {
      count += n;
      if (count > limit) {
        throw new RequestTooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }
  }
}
