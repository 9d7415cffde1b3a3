package org.credrelay.issuergateway.keyset;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.credrelay.issuergateway.error.GatewayException;

/**
 * Opaque keyset position (created_at, id) in one of a tenant's lists (deliveries, connections): the
 * next page holds the rows strictly after it in (created_at, id) order, so rows created in the same
 * instant are neither skipped nor repeated.
 */
public record KeysetCursor(Instant createdAt, UUID id) {

  public String encode() {
    String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The cursor of an {@code after} request parameter.
   *
   * @return null when {@code after} is absent or empty (the first page)
   * @throws GatewayException INVALID_REQUEST (400) if it is not a cursor this API issued
   */
  public static KeysetCursor parameter(String after) {
    if (after == null || after.isEmpty()) {
      return null;
    }
    try {
      return decode(after);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid("after is not a cursor returned by this API");
    }
  }

  /**
   * @throws IllegalArgumentException if {@code text} is not a cursor this API issued
   */
  public static KeysetCursor decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
      String[] parts = raw.split("\\.", 3);
      return new KeysetCursor(
          Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
          UUID.fromString(parts[2]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a keyset cursor");
    }
  }
}
