package org.credrelay.issuergateway.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's webhook endpoint as stored (secrets stay encrypted; only the manager decrypts them).
 *
 * @param eventTypes wire names of the subscribed event types; empty = all
 * @param previousSecretUntil end of the rotation overlap, or null
 * @param disabledReason why it is disabled, null while enabled
 */
public record WebhookEndpoint(
    UUID id,
    UUID tenantId,
    String url,
    String description,
    List<String> eventTypes,
    byte[] secretCiphertext,
    byte[] previousSecretCiphertext,
    Instant previousSecretUntil,
    boolean enabled,
    String disabledReason,
    Instant disabledAt,
    int consecutiveFailures,
    Instant failingSince,
    Instant lastSuccessAt,
    Instant createdAt,
    Instant updatedAt) {

  /** True if the endpoint wants events of {@code type}. */
  public boolean subscribes(String type) {
    return eventTypes.isEmpty() || eventTypes.contains(type);
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[" + id + ", " + url + ", secrets redacted]";
  }
}
