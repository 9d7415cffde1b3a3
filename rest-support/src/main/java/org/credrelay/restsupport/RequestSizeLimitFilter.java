package org.credrelay.restsupport;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one request body limit of the REST services (S9), registered first in each service's filter
 * chain. A declared {@code Content-Length} over {@code maxRequestBytes} is answered 413 {@value
 * #REQUEST_TOO_LARGE} at once, before anything is read. A body without a declared length (chunked)
 * is counted while it is read: reading fails with {@link RequestTooLargeException} at the limit, so
 * no more than the limit is ever buffered (docs/decisions: chunked bodies are counted, not
 * refused). The bodies of all requests in progress together are bounded by {@code maxInFlightBytes}
 * (a chunked body counts as the full limit): a request that does not fit waits up to {@value
 * #WAIT_SECONDS} s, then is 503 {@value #BUSY} with {@code Retry-After}. Refusals are {@link
 * ProblemDocument}s.
 */
public final class RequestSizeLimitFilter implements Filter {

  /** The code of a body over the limit (413). */
  public static final String REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE";

  /** The code of a request that found no room in the in-flight budget (503). */
  public static final String BUSY = "UNAVAILABLE";

  private static final long WAIT_SECONDS = 2;

  private final long limit;
  private final long retryAfterSeconds;

  /** Permits are KiB of request body held by the requests in progress. */
  private final Semaphore inFlightKib;

  /**
   * @param maxRequestBytes largest body of one request
   * @param maxInFlightBytes most body bytes of all requests in progress (at least one full body)
   * @param retryAfterSeconds the {@code Retry-After} of a 503
   */
  public RequestSizeLimitFilter(
      long maxRequestBytes, long maxInFlightBytes, long retryAfterSeconds) {
    if (maxRequestBytes < 0 || maxInFlightBytes < 0 || retryAfterSeconds < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
    this.limit = maxRequestBytes;
    this.retryAfterSeconds = retryAfterSeconds;
    this.inFlightKib = new Semaphore(kib(Math.max(maxInFlightBytes, maxRequestBytes)), true);
  }

  /** The largest body of one request, in bytes. */
  public long limit() {
    return limit;
  }

  @Override
  public void doFilter(
      ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) servletRequest;
    HttpServletResponse response = (HttpServletResponse) servletResponse;
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      write(response, 413, REQUEST_TOO_LARGE, "request body larger than " + limit + " bytes");
      return;
    }
    // A body without a declared length may grow to the limit, so it counts as that much.
    int permits =
        declared > 0
            ? kib(declared)
            : request.getHeader("Transfer-Encoding") != null ? kib(limit) : 0;
    if (!acquire(permits)) {
      write(response, 503, BUSY, "too many request bytes in progress; retry later");
      return;
    }
    try {
      chain.doFilter(new LimitedRequest(request, limit), response);
    } catch (IOException | RuntimeException | ServletException e) {
      // Overflow while a handler outside the services' error advice was reading the body.
      if (!RequestTooLargeException.isCauseOf(e) || response.isCommitted()) {
        throw e;
      }
      write(response, 413, REQUEST_TOO_LARGE, "request body larger than " + limit + " bytes");
    } finally {
      inFlightKib.release(permits);
    }
  }

  private void write(HttpServletResponse response, int status, String code, String detail)
      throws IOException {
    response.resetBuffer();
    response.setStatus(status);
    if (status == 503) {
      response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getOutputStream()
        .write(ProblemDocument.of(status, code, detail).toJson().getBytes(StandardCharsets.UTF_8));
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

  /** Counts the bytes read and fails once they pass the limit, whatever the body declared. */
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
