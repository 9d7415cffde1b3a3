package org.credrelay.e2etests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An issuer portal as issue 13 expects a careful one to be: it issues each credential under its own
 * Idempotency-Key and, on a connection error or a retryable answer (503 or 429 with Retry-After),
 * sends the same request again under the same key until a deadline. Every answer is recorded so a
 * test can check that the gateway gave nothing but successes and retryable answers.
 */
final class ChaosIssuer {

  /** One answer to one attempt: an HTTP status (-1 for a connection error) and its Retry-After. */
  record Answer(int status, Optional<String> retryAfter, String detail) {

    boolean success() {
      return status == 200 || status == 201 || status == 202;
    }

    /** What issue 13 allows besides success: 503/429 with Retry-After, or no answer at all. */
    boolean retryable() {
      return status == -1 || ((status == 503 || status == 429) && retryAfter.isPresent());
    }
  }

  /** An accepted credential: the delivery the gateway made for it. */
  record Accepted(String marker, String connectionId, String deliveryId, String idempotencyKey) {}

  private static final Pattern DELIVERY_ID = Pattern.compile("\"deliveryId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String baseUrl;
  private final String apiKey;
  private final Duration giveUpAfter;
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

  ChaosIssuer(int gatewayPort, String apiKey, Duration giveUpAfter) {
    this.baseUrl = "http://127.0.0.1:" + gatewayPort;
    this.apiKey = apiKey;
    this.giveUpAfter = giveUpAfter;
  }

  /**
   * Issues one credential whose subject carries {@code marker}, retrying under one Idempotency-Key;
   * empty if the gateway refused it for good (a non-retryable answer) or the deadline passed.
   */
  Optional<Accepted> issue(String connectionId, String marker) {
    String key = UUID.randomUUID().toString();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/credentials"))
            .timeout(ATTEMPT_TIMEOUT)
            .header("X-Api-Key", apiKey)
            .header("Idempotency-Key", key)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    """
            {"connectionId":"%s","credential":{"@context":["https://www.w3.org/ns/credentials/v2"],
             "type":["VerifiableCredential","ChaosCredential"],"credentialSubject":{"marker":"%s"}}}"""
                        .formatted(connectionId, marker)))
            .build();
    Instant deadline = Instant.now().plus(giveUpAfter);
    int attempt = 0;
    while (Instant.now().isBefore(deadline)) {
      Answer answer = send(request);
      answers.add(answer);
      if (answer.success()) {
        Matcher id = DELIVERY_ID.matcher(answer.detail());
        if (!id.find()) {
          throw new AssertionError("no deliveryId in " + answer.detail());
        }
        return Optional.of(new Accepted(marker, connectionId, id.group(1), key));
      }
      if (!answer.retryable()) {
        return Optional.empty();
      }
      backOff(answer, ++attempt);
    }
    return Optional.empty();
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
    } catch (IOException e) {
      return new Answer(-1, Optional.empty(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Retry-After when given (capped, the test has a deadline), else exponential backoff with jitter.
   */
  private static void backOff(Answer answer, int attempt) {
    long millis =
        answer
            .retryAfter()
            .map(ChaosIssuer::seconds)
            .map(s -> Math.min(s, 2) * 1000L)
            .orElse(Math.min(2000L, 100L << Math.min(attempt, 5)));
    millis = millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
    LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
  }

  private static long seconds(String retryAfter) {
    try {
      return Long.parseLong(retryAfter.trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Every answer so far. */
  List<Answer> answers() {
    return List.copyOf(answers);
  }
}
