package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.credrelay.launcher.GatewayRestClient;
import org.credrelay.wallet.sdk.Credential;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletException;

/**
 * What the gateway accepted, per connection, and the checks of issue 13: nothing lost (every
 * accepted credential SENT by the gateway and stored by its wallet), nothing duplicated (one
 * delivery per Idempotency-Key, each credential exactly once in its wallet, nothing unexpected).
 */
final class ChaosLedger {

  private static final Pattern MARKER = Pattern.compile("\"marker\"\\s*:\\s*\"([^\"]+)\"");

  private final Map<String, Set<String>> expectedByConnection = new HashMap<>();
  private final AtomicInteger unreachable = new AtomicInteger();

  /** Everything in {@code accepted} must end up in the wallet of its connection. */
  synchronized void expect(List<ChaosIssuer.Accepted> accepted) {
    Set<String> deliveries = new HashSet<>();
    for (ChaosIssuer.Accepted credential : accepted) {
      assertThat(deliveries.add(credential.deliveryId()))
          .as("delivery %s made for two credentials", credential.deliveryId())
          .isTrue();
      expectedByConnection
          .computeIfAbsent(credential.connectionId(), id -> new HashSet<>())
          .add(credential.marker());
    }
  }

  /**
   * Waits until the gateway reports every accepted credential SENT (never FAILED); returns how long
   * that took.
   */
  static Duration awaitAllSent(
      GatewayRestClient gateway,
      String apiKey,
      List<ChaosIssuer.Accepted> accepted,
      Duration bound) {
    long began = System.nanoTime();
    long deadline = began + bound.toNanos();
    List<String> pending =
        new ArrayList<>(accepted.stream().map(ChaosIssuer.Accepted::deliveryId).toList());
    while (!pending.isEmpty()) {
      List<String> still = new ArrayList<>();
      for (String deliveryId : pending) {
        String status = status(gateway, apiKey, deliveryId);
        assertThat(status).as("delivery " + deliveryId).isNotEqualTo("FAILED");
        if (!Scenario.reached("SENT", status)) {
          still.add(deliveryId);
        }
      }
      pending = still;
      if (!pending.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              pending.size()
                  + " of "
                  + accepted.size()
                  + " accepted credentials not SENT within "
                  + bound
                  + ", e.g. "
                  + pending.get(0));
        }
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
    }
    return Duration.ofNanos(System.nanoTime() - began);
  }

  private static String status(GatewayRestClient gateway, String apiKey, String deliveryId) {
    try {
      return gateway.delivery(apiKey, deliveryId).get("status").asString();
    } catch (GatewayRestClient.GatewayCallException e) {
      return "UNKNOWN (" + e.status() + ")";
    }
  }

  /**
   * Lets each wallet receive until it holds everything its connection was sent, then checks that it
   * holds each credential exactly once and nothing else. Returns how long the wallets took.
   */
  synchronized Duration assertWalletsHoldExactlyWhatWasAccepted(
      List<ChaosEnvironment.Holder> holders, Duration bound) {
    long began = System.nanoTime();
    for (ChaosEnvironment.Holder holder : holders) {
      assertHoldsExactly(holder.wallet(), holder.gatewayConnectionId(), bound);
    }
    return Duration.ofNanos(System.nanoTime() - began);
  }

  /** The same check for one wallet. */
  synchronized void assertHoldsExactly(
      HolderWallet wallet, String gatewayConnectionId, Duration bound) {
    Set<String> expected = expectedByConnection.getOrDefault(gatewayConnectionId, Set.of());
    Await.until(
        expected.size() + " credentials in the wallet of " + gatewayConnectionId,
        bound,
        () -> {
          try {
            wallet.receiveOnce(event -> {});
          } catch (WalletException e) {
            // A holder's app runs receive again; right after a connector restart its channel may
            // still
            // be waiting out the reconnect backoff it entered while the connector was dead.
            unreachable.incrementAndGet();
          }
          return markers(wallet);
        },
        held -> held.containsAll(expected));
    List<String> held = markers(wallet);
    Map<String, Long> copies =
        held.stream().collect(Collectors.groupingBy(m -> m, Collectors.counting()));
    assertThat(copies)
        .as("credentials held more than once")
        .allSatisfy((marker, count) -> assertThat(count).as(marker).isEqualTo(1L));
    assertThat(copies.keySet())
        .as("the wallet holds exactly what the gateway accepted for it")
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Receive calls of the checks that found no connector (and were simply tried again). */
  int unreachableReceives() {
    return unreachable.get();
  }

  static List<String> markers(HolderWallet wallet) {
    List<String> markers = new ArrayList<>();
    for (Credential credential : wallet.credentials()) {
      Matcher marker = MARKER.matcher(credential.documentText());
      markers.add(marker.find() ? marker.group(1) : "(no marker) " + credential.credentialId());
    }
    return markers;
  }

  /** Every answer was a success or retryable (issue 13); the others, grouped by status. */
  static Map<Integer, List<String>> violations(List<ChaosIssuer.Answer> answers) {
    return answers.stream()
        .filter(a -> !a.success() && !a.retryable())
        .collect(
            Collectors.groupingBy(
                ChaosIssuer.Answer::status,
                Collectors.mapping(
                    a ->
                        a.status()
                            + " Retry-After="
                            + a.retryAfter().orElse("-")
                            + " "
                            + abbreviate(a.detail()),
                    Collectors.toList())));
  }

  static Map<Integer, Long> statusCounts(List<ChaosIssuer.Answer> answers) {
    return answers.stream()
        .collect(
            Collectors.groupingBy(
                ChaosIssuer.Answer::status, java.util.TreeMap::new, Collectors.counting()));
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
