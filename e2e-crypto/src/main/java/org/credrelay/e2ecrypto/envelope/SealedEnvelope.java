package org.credrelay.e2ecrypto.envelope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A sealed message.
 *
 * @param json the JWE in general JSON serialization
 * @param messageId the {@code cr_mid} it carries
 * @param createdAt the {@code cr_iat} it carries (whole seconds)
 */
public record SealedEnvelope(String json, String messageId, Instant createdAt) {

  /** UTF-8 bytes of {@link #json()}: what goes into {@code EncryptedMessage.encrypted_content}. */
  public byte[] bytes() {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
