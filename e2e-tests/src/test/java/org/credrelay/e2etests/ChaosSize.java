package org.credrelay.e2etests;

import java.time.Duration;

/**
 * How big a chaos run is. The default keeps the whole chaos suite within a few minutes on a
 * two-core machine so it runs in every {@code ./mvnw verify}; the larger run is {@code ./mvnw -pl
 * e2e-tests verify -Pchaos-large} (see docs/RELIABILITY.md).
 *
 * <ul>
 *   <li>{@code chaos.credentials} (default 200): credentials issued while each fault happens
 *   <li>{@code chaos.rounds} (default 1): how often each fault is repeated
 *   <li>{@code chaos.wallets} (default 4): wallets (connections) the credentials are spread over
 * </ul>
 */
final class ChaosSize {

  /** From the moment the failed component serves again to every accepted credential SENT. */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

  /** Start-up of a killed service, from launching its JVM to serving. */
  static final Duration RESTART_BOUND = Duration.ofSeconds(120);

  private ChaosSize() {}

  static int credentials() {
    return Integer.getInteger("chaos.credentials", 200);
  }

  static int rounds() {
    return Integer.getInteger("chaos.rounds", 1);
  }

  static int wallets() {
    return Integer.getInteger("chaos.wallets", 4);
  }

  /** Portal threads issuing at the same time. */
  static int threads() {
    return 4;
  }

  /** How long the portal keeps retrying one credential: longer than any restart may take. */
  static Duration retryDeadline() {
    return RESTART_BOUND.plus(RECOVERY_BOUND);
  }
}
