package org.credrelay.wallet.sdk;

import java.time.Duration;

/**
 * Receives {@link WalletEvent}s on the thread that runs accept/receive, after the state change
 * behind the event was saved. A listener that throws stops the run; the event stays processed.
 *
 * <p>While following the stream, the wallet also reports when it loses the connector and when it is
 * back ({@link #onConnectorLost}, {@link #onConnectorRestored}); these are not events of messages.
 */
@FunctionalInterface
public interface WalletListener {

  /** Ignores every event. */
  WalletListener NONE = event -> {};

  void onEvent(WalletEvent event);

  /**
   * The connector cannot be reached (or the stream broke); the wallet tries again after {@code
   * retryIn}, and keeps trying for as long as it follows.
   *
   * @param attempt 1 for the loss itself, then 2, 3... for each reconnect that failed
   * @param detail why, in one line
   */
  default void onConnectorLost(int attempt, String detail, Duration retryIn) {}

  /** The connector answers again after {@link #onConnectorLost}. */
  default void onConnectorRestored() {}
}
