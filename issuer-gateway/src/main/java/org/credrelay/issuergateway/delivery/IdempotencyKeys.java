package org.credrelay.issuergateway.delivery;

import org.credrelay.issuergateway.error.GatewayException;

/**
 * The one rule for an {@code Idempotency-Key}, shared by the requests that create deliveries
 * (issuing credentials, resending them): their keys share one space per tenant.
 */
public final class IdempotencyKeys {

  public static final int MAX_LENGTH = 255;

  private IdempotencyKeys() {}

  /**
   * @throws GatewayException INVALID_REQUEST unless {@code key} is 1-255 visible ASCII characters
   */
  public static String check(String key) {
    if (key == null
        || key.isEmpty()
        || key.length() > MAX_LENGTH
        || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw GatewayException.invalid(
          "Idempotency-Key must be 1-" + MAX_LENGTH + " visible ASCII characters");
    }
    return key;
  }
}
