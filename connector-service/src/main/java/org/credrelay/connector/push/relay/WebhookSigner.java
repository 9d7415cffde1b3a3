package org.credrelay.connector.push.relay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): {@code webhook-signature: v1,}
 * base64(HMAC-SHA256(key, id "." timestamp "." body)), where the key is the base64-decoded secret
 * after its {@code whsec_} prefix and the timestamp is in Unix seconds. Any Standard Webhooks
 * library verifies it.
 */
public final class WebhookSigner {

  private static final String PREFIX = "whsec_";
  private final byte[] key;

  public WebhookSigner(String secret) {
    String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    try {
      this.key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("push relay secret is not whsec_<base64>");
    }
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException("push relay secret must hold 24..64 bytes");
    }
  }

  /** The {@code webhook-signature} header value for one delivery. */
  public String sign(String webhookId, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
