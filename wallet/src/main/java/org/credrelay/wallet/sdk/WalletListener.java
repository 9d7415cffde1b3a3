package org.credrelay.wallet.sdk;

/**
 * Receives {@link WalletEvent}s on the thread that runs accept/receive, after the state change behind
 * the event was saved. A listener that throws stops the run; the event stays processed.
 */
@FunctionalInterface
public interface WalletListener {

  /** Ignores every event. */
  WalletListener NONE = event -> { };

  void onEvent(WalletEvent event);
}
