package org.credrelay.connector.push.relay;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.credrelay.connector.push.PushNotifier;
import org.credrelay.connector.push.PushProperties;
import org.credrelay.connector.push.PushProvider;
import org.credrelay.connector.push.WakeUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link PushNotifier}: POSTs a small JSON, signed the Standard Webhooks way, to the
 * configured push relay ({@code connector.messages.push.relay.url}), which forwards it to FCM, APNs
 * or a webhook by {@code provider}. Keeping FCM/APNs credentials in the relay, not the connector,
 * means the connector holds no vendor keys and stays provider-neutral.
 *
 * <p>The body is exactly {@code {"type":"credrelay.wake-up","timestamp":<RFC 3339>,
 * "data":{"provider":<webhook|fcm|apns>,"token":<device token>}}}: no message content, sender,
 * recipient, connection or message id. Headers: {@code webhook-id} (the wake-up id, the same on
 * retries), {@code webhook-timestamp}, {@code webhook-signature}. 2xx is DELIVERED, 410 Gone means
 * the token is dead, anything else (or no answer within the timeout) is retried.
 */
@Component
public class HttpPushRelayNotifier implements PushNotifier {

  static final String TYPE = "credrelay.wake-up";
  private static final Logger log = LoggerFactory.getLogger(HttpPushRelayNotifier.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PushProperties.Relay relay;
  private final WebhookSigner signer;
  private final HttpClient http;
  private final Clock clock;

  public HttpPushRelayNotifier(PushProperties properties, Clock clock) {
    this.relay = properties.relay();
    this.signer = relay.url() == null ? null : new WebhookSigner(relay.secret());
    this.http =
        relay.url() == null
            ? null
            : HttpClient.newBuilder()
                .connectTimeout(relay.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    this.clock = clock;
  }

  @Override
  public Set<PushProvider> providers() {
    return relay.url() == null ? Set.of() : EnumSet.allOf(PushProvider.class);
  }

  @Override
  public Outcome wakeUp(WakeUp wakeUp) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    byte[] body = body(wakeUp, now);
    String id = wakeUp.id().toString();
    HttpRequest request =
        HttpRequest.newBuilder(relay.url())
            .timeout(relay.timeout())
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", Long.toString(now.getEpochSecond()))
            .header("webhook-signature", signer.sign(id, now.getEpochSecond(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 200 && status < 300) {
        return Outcome.DELIVERED;
      }
      log.debug("Push relay answered {} to wake-up {}", status, id);
      return status == 410 ? Outcome.TARGET_GONE : Outcome.RETRY;
    } catch (IOException e) {
      log.debug("Push relay unreachable for wake-up {}: {}", id, e.toString());
      return Outcome.RETRY;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.RETRY;
    }
  }

  /** The signed body: type, timestamp, and the provider and token the relay needs. */
  static byte[] body(WakeUp wakeUp, Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("provider", wakeUp.provider().name().toLowerCase(java.util.Locale.ROOT));
    data.put("token", wakeUp.token());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE);
    body.put("timestamp", now.toString());
    body.put("data", data);
    return JSON.writeValueAsBytes(body);
  }
}
