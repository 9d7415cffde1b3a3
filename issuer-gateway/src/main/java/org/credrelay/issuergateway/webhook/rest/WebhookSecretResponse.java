package org.credrelay.issuergateway.webhook.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import org.credrelay.issuergateway.webhook.CreatedWebhook;

/** A new endpoint or a rotated secret: the secret is returned exactly once. */
public record WebhookSecretResponse(
    @Schema(
            description =
                "The signing secret (whsec_ + base64 of 32 bytes); stored encrypted, never shown"
                    + " again")
        String secret,
    @Schema(description = "The endpoint") WebhookResponse webhook) {

  static WebhookSecretResponse of(CreatedWebhook created) {
    return new WebhookSecretResponse(created.secret(), WebhookResponse.of(created.endpoint()));
  }

  @Override
  public String toString() {
    return "WebhookSecretResponse[secret redacted, webhook=" + webhook + "]";
  }
}
