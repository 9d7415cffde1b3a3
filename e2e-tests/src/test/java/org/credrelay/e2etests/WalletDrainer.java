package org.credrelay.e2etests;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.credrelay.wallet.sdk.HolderWallet;

/**
 * Wallets that keep receiving while a fault happens, as phones would: each round fetches what is
 * waiting; failures (the connector is down) are noted and the next round tries again.
 */
final class WalletDrainer implements AutoCloseable {

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final Thread thread;

  WalletDrainer(Iterable<HolderWallet> wallets) {
    thread =
        new Thread(
            () -> {
              while (running.get()) {
                for (HolderWallet wallet : wallets) {
                  try {
                    wallet.receiveOnce(event -> {});
                  } catch (RuntimeException e) {
                    failures.add(e.toString());
                  }
                }
                // Between rounds, as a polling client would; the checks never depend on this pace.
                LockSupport.parkNanos(100_000_000L);
              }
            },
            "wallet-drainer");
    thread.setDaemon(true);
    thread.start();
  }

  int failureCount() {
    return failures.size();
  }

  /** Stops after the round in progress, so the wallets can be used from the test thread again. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(120_000);
    if (thread.isAlive()) {
      throw new AssertionError("a wallet's receive did not return within 2 minutes");
    }
  }
}
