package org.credrelay.restsupport;

import java.io.IOException;

/**
 * A request body grew past the limit of {@link RequestSizeLimitFilter} while it was being read (a
 * chunked body, or one longer than it declared). Thrown from the body's input stream, so it usually
 * reaches a service's error advice wrapped in a "not readable" exception: {@link
 * #isCauseOf(Throwable)} finds it there.
 */
public final class RequestTooLargeException extends IOException {

  private final long limit;

  public RequestTooLargeException(long limit) {
    super("request body larger than " + limit + " bytes");
    this.limit = limit;
  }

  /** The limit in bytes that the body exceeded. */
  public long limit() {
    return limit;
  }

  /** True if {@code error} is, or was caused by, a {@link RequestTooLargeException}. */
  public static boolean isCauseOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RequestTooLargeException) {
        return true;
      }
    }
    return false;
  }
}
