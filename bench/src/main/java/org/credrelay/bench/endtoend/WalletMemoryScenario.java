package org.credrelay.bench.endtoend;

import io.grpc.ManagedChannel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletConfig;
import org.credrelay.wallet.sdk.WalletEvent;
import org.credrelay.wallet.store.CredentialRecord;
import org.credrelay.wallet.store.KdfParameters;
import org.credrelay.wallet.store.WalletStore;

/**
 * Issue 13 item 7: the wallet's heap while it receives must not grow with the credentials it
 * already holds. Two wallets hold N small and N large credentials of 64 KiB (written through the
 * wallet store, as if received earlier), then each opens and receives the same few new credentials
 * from the gateway; the heap retained by the open wallet after the receive is compared.
 *
 * <p>The services run in this JVM too, so a figure is the difference in used heap (after a full GC)
 * between before the wallet was opened and after it received, floored at 0: noise of a few MiB. A
 * wallet that decrypted every document on open would retain about N x 64 KiB.
 */
public final class WalletMemoryScenario implements Scenario {

  private static final int DOCUMENT_BYTES = 64 * 1024;
  private static final double MIB = 1024.0 * 1024.0;

  /** Below this the held credentials cost nothing measurable; 64 KiB each would be a document. */
  private static final double TARGET_BYTES_PER_HELD = 4096;

  @Override
  public ScenarioId id() {
    return ScenarioId.WALLET_MEMORY;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    boolean smoke = "smoke".equals(context.options().sizeName());
    int small = smoke ? 5 : 100;
    int large = smoke ? 60 : 3000;
    int received = smoke ? 3 : 20;
    BenchSuite suite = context.suite();
    GatewayApi api = new GatewayApi(suite.gatewayUri());
    String apiKey = api.createTenant(suite.adminApiKey(), "Bench Memory University")[1];
    double smallBytes = retainedAfterReceive(context, api, apiKey, small, received);
    double largeBytes = retainedAfterReceive(context, api, apiKey, large, received);
    double perHeld = Math.max(0, (largeBytes - smallBytes) / (large - small));
    result.figure("retained heap after receive, " + small + " held", smallBytes / MIB, "MiB");
    result.figure("retained heap after receive, " + large + " held", largeBytes / MIB, "MiB");
    result.figure(
        "ratio " + large + "/" + small + " held (small floored at 1 MiB)",
        largeBytes / Math.max(smallBytes, MIB),
        "x");
    result.figure("heap per held credential", perHeld, "bytes");
    result.target(
        TargetCheck.atMost(
            "heap per held 64 KiB credential <= 4 KiB", perHeld, TARGET_BYTES_PER_HELD, "bytes"));
  }

  private static double retainedAfterReceive(
      BenchContext context, GatewayApi api, String apiKey, int held, int toReceive)
      throws Exception {
    Path directory = Files.createTempDirectory("bench-wallet-memory");
    char[] passphrase = "bench-passphrase".toCharArray();
    ManagedChannel channel = context.suite().newConnectorChannel();
    try {
      WalletConfig config =
          WalletConfig.builder(directory.resolve("wallet"), passphrase)
              .channel(channel)
              .kdf(KdfParameters.insecureForTests())
              .handshakeTimeout(Duration.ofSeconds(60))
              .build();
      String[] invitation = api.createInvitation(apiKey);
      Connection connection;
      try (HolderWallet wallet = HolderWallet.create(config)) {
        connection = wallet.accept(invitation[1]);
      }
      context.progress("wallet-memory: filling a wallet with " + held + " credentials ...");
      fill(config.dataDirectory(), passphrase, connection, held);
      for (int i = 0; i < toReceive; i++) {
        api.issue(
            api.issueRequest(
                apiKey,
                invitation[0],
                "{\"type\":[\"VerifiableCredential\"],"
                    + "\"credentialSubject\":{\"n\":"
                    + i
                    + "}}"));
      }
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long before = usedAfterGc(memory);
      try (HolderWallet wallet = HolderWallet.open(config)) {
        AtomicInteger arrived = new AtomicInteger();
        Instant deadline = Instant.now().plusSeconds(60);
        while (arrived.get() < toReceive) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("only " + arrived + " of " + toReceive + " arrived");
          }
          wallet.receiveOnce(
              event -> {
                if (event instanceof WalletEvent.CredentialReceived) {
                  arrived.incrementAndGet();
                }
              });
          if (arrived.get() < toReceive) {
            TimeUnit.MILLISECONDS.sleep(100); // deliveries still on their way from the gateway
          }
        }
        return Math.max(0, usedAfterGc(memory) - before);
      }
    } finally {
      channel.shutdownNow();
      try (var files = Files.walk(directory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Adds {@code count} 64 KiB credentials through the wallet store, as if received earlier. */
  private static void fill(
      Path walletDirectory, char[] passphrase, Connection connection, int count) throws Exception {
    byte[] document =
        ("{\"filler\":\"" + "x".repeat(DOCUMENT_BYTES - 14) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    try (WalletStore store = WalletStore.open(walletDirectory, passphrase, new SecureRandom())) {
      for (int i = 0; i < count; i++) {
        store
            .state()
            .addCredential(
                new CredentialRecord(
                    "held-" + i,
                    connection.connectionId(),
                    connection.issuerDid(),
                    "application/vc+json",
                    0L,
                    "held-" + i,
                    Instant.now(),
                    null,
                    null),
                document);
        if (i % 100 == 99) {
          store.save(); // writes the documents and lets them go
        }
      }
      store.save();
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
