package org.credrelay.issuergateway.webhook.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)>}
 * per secret, space-separated (two during a secret rotation's overlap, the current one first).
 */
final class WebhookSigner {

  private WebhookSigner() {}

  static String signatureHeader(
      List<String> secrets, String webhookId, long timestampSeconds, String body) {
    String signed = webhookId + "." + timestampSeconds + "." + body;
    return secrets.stream()
        .map(secret -> "v1," + hmac(WebhookSecrets.key(secret), signed))
        .collect(Collectors.joining(" "));
  }

  private static String hmac(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
