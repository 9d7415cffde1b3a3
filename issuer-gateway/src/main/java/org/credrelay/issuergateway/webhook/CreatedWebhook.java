package org.credrelay.issuergateway.webhook;

/** A new endpoint (or one whose secret was rotated) with its secret, shown to the tenant once. */
public record CreatedWebhook(WebhookEndpoint endpoint, String secret) {

  @Override
  public String toString() {
    return "CreatedWebhook[" + endpoint + ", secret redacted]";
  }
}
