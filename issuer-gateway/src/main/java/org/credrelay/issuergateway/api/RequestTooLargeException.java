package org.credrelay.issuergateway.api;

import java.io.IOException;

/** A request body grew past {@code gateway.api.max-request-size} while it was being read. */
public final class RequestTooLargeException extends IOException {

  public RequestTooLargeException(long limit) {
    super("request body larger than " + limit + " bytes");
  }
}
