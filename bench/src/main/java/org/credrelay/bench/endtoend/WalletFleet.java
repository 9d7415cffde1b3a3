package org.credrelay.bench.endtoend;

import io.grpc.Channel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletConfig;
import org.credrelay.wallet.sdk.WalletEvent;
import org.credrelay.wallet.store.KdfParameters;

/**
 * Streaming wallets (wallet SDK), one thread each following its message stream and reporting every
 * decrypted credential to the {@link DeliveryTracker}. Wallet files live in a temporary directory;
 * the passphrase KDF is the cheap test setting because it runs once at creation and is not part of
 * what is measured.
 */
public final class WalletFleet implements AutoCloseable {

  private final Path directory;
  private final List<HolderWallet> wallets = new ArrayList<>();
  private final List<Thread> receivers = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  public WalletFleet() throws IOException {
    this.directory = Files.createTempDirectory("bench-wallets");
  }

  /** Creates a wallet and accepts {@code invitationUri} with it (the handshake completes). */
  public void accept(Channel connector, String invitationUri) {
    WalletConfig config =
        WalletConfig.builder(
                directory.resolve("w" + wallets.size()), "bench-passphrase".toCharArray())
            .channel(connector)
            .kdf(KdfParameters.insecureForTests())
            .handshakeTimeout(Duration.ofSeconds(60))
            .build();
    HolderWallet wallet = HolderWallet.create(config);
    wallets.add(wallet);
    wallet.accept(invitationUri);
  }

  public void startReceiving(DeliveryTracker tracker) {
    for (int i = 0; i < wallets.size(); i++) {
      HolderWallet wallet = wallets.get(i);
      Thread thread =
          new Thread(
              () -> {
                try {
                  wallet.receive(
                      event -> {
                        if (event instanceof WalletEvent.CredentialReceived received) {
                          tracker.received(received.credential().documentText());
                        }
                      },
                      null);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-wallet-" + i);
      thread.setDaemon(true);
      receivers.add(thread);
      thread.start();
    }
  }

  /** Fails if a wallet stopped with an error. */
  public void check() {
    Throwable e = failure.get();
    if (e != null) {
      throw new IllegalStateException("a wallet failed: " + e, e);
    }
  }

  public int size() {
    return wallets.size();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    wallets.forEach(HolderWallet::stop);
    for (Thread thread : receivers) {
      thread.join(5000);
    }
    wallets.forEach(HolderWallet::close);
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
