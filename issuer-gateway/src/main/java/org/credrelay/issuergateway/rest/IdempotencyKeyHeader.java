package org.credrelay.issuergateway.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.credrelay.issuergateway.error.GatewayException;

/** The {@code Idempotency-Key} header of the requests that create deliveries. */
public final class IdempotencyKeyHeader {

  public static final String NAME = "Idempotency-Key";

  private IdempotencyKeyHeader() {}

  /**
   * Two Idempotency-Key headers are refused: Spring would join them with a comma into one key that
   * neither of the client's retries would send again.
   */
  public static String single(HttpServletRequest http, String joined) {
    if (Collections.list(http.getHeaders(NAME)).size() != 1) {
      throw GatewayException.invalid("exactly one Idempotency-Key header is allowed");
    }
    return joined;
  }
}
