package org.credrelay.issuergateway.webhook.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.credrelay.issuergateway.config.WebhookProperties;
import org.springframework.stereotype.Component;

/**
 * Posts one signed webhook request with the JDK HTTP client (redirects are not followed: a 3xx
 * counts as a failure, so a request never lands somewhere the tenant did not register). The answer
 * body is discarded unread.
 */
@Component
class WebhookHttpSender {

  /** What one request got: a status code, or the I/O failure (status 0). */
  record Outcome(int status, String error) {
    boolean success() {
      return status >= 200 && status < 300;
    }

    String describe() {
      return error != null ? error : "HTTP " + status;
    }
  }

  private final HttpClient client;
  private final WebhookProperties properties;

  WebhookHttpSender(WebhookProperties properties) {
    this.properties = properties;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(properties.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  CompletableFuture<Outcome> post(
      String url, String webhookId, long timestampSeconds, String signature, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(properties.requestTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "credrelay-issuer-gateway")
            .header("webhook-id", webhookId)
            .header("webhook-timestamp", Long.toString(timestampSeconds))
            .header("webhook-signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, failure) ->
                failure == null
                    ? new Outcome(response.statusCode(), null)
                    : new Outcome(0, failureName(failure)));
  }

  private static String failureName(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
