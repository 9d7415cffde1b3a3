package org.credrelay.issuergateway.webhook.service;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Endpoint signing secrets in the Standard Webhooks form {@code whsec_<base64 of the key>}: 32
 * random bytes (the specification asks for 24 to 64), the HMAC key being the decoded bytes.
 */
final class WebhookSecrets {

  static final String PREFIX = "whsec_";
  private static final int KEY_BYTES = 32;

  private WebhookSecrets() {}

  static String generate(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The HMAC key of a secret. */
  static byte[] key(String secret) {
    if (!secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a whsec_ secret");
    }
    return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
  }
}
