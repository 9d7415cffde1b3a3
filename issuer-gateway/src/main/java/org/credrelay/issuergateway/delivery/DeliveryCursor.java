package org.credrelay.issuergateway.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Opaque keyset position (created_at, id) in a tenant's delivery list. */
public record DeliveryCursor(Instant createdAt, UUID id) {

  public String encode() {
    String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * @throws IllegalArgumentException if {@code text} is not a cursor this API issued
   */
  public static DeliveryCursor decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
      String[] parts = raw.split("\\.", 3);
      return new DeliveryCursor(
          Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
          UUID.fromString(parts[2]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a delivery cursor");
    }
  }
}
