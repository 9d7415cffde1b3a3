package org.credrelay.bench.wallet;

import static org.credrelay.wallet.store.CompactionPolicy.DEFAULT;
import static org.credrelay.wallet.store.CompactionPolicy.snapshotEverySave;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.wallet.store.CompactionPolicy;
import org.credrelay.wallet.store.ConnectionRecord;
import org.credrelay.wallet.store.CredentialRecord;
import org.credrelay.wallet.store.KdfParameters;
import org.credrelay.wallet.store.WalletState;
import org.credrelay.wallet.store.WalletStore;

/**
 * Issue 20, helper walletlog: the CPU and the state bytes one {@link WalletStore#save()} costs a
 * wallet that receives one credential per save (as a streaming wallet does), with 100 and 2,000
 * credentials held (at the start: each measured save adds one), once with every save rewriting the
 * snapshot ({@link CompactionPolicy#snapshotEverySave()}: the store's save path before the journal)
 * and once with the journal ({@link CompactionPolicy#DEFAULT}). Both variants start from copies of
 * the same wallet directory. CPU is the saving thread's CPU time (user + system; waiting for fsync
 * is not CPU), so on a shared machine it is a CPU-time figure, not a latency.
 *
 * <p>Target: the state bytes written per save with 2,000 credentials held are at most 1.1x those
 * with 100 held (a save costs its change, not the state).
 */
public final class WalletStoreScenario implements Scenario {

  static final double TARGET_BYTES_GROWTH = 1.1;
  private static final char[] PASSPHRASE = "bench wallet passphrase".toCharArray();
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final byte[] DOCUMENT = new byte[1024];

  @Override
  public ScenarioId id() {
    return ScenarioId.WALLET_STORE;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    boolean smoke = context.options().sizeName().equals("smoke");
    int few = smoke ? 10 : 100;
    int many = smoke ? 100 : 2000;
    int warmup = smoke ? 5 : 300;
    int measured = smoke ? 10 : 100;
    result
        .figure(
            "saves measured per variant (each adds a credential to those held)", measured, "saves")
        .figure("warm-up saves per variant (on a copy of the wallet)", warmup, "saves")
        .figure("credential document", DOCUMENT.length, "bytes");
    Path root = Files.createTempDirectory("bench-wallet-store");
    try {
      double[] journalBytes = new double[2];
      int index = 0;
      for (int held : new int[] {few, many}) {
        context.progress("wallet-store: creating a wallet holding " + held + " credentials");
        Path template = root.resolve("held-" + held);
        createWallet(template, held);
        Cost before =
            measure(
                template, root.resolve(held + "-before"), snapshotEverySave(), warmup, measured);
        Cost after = measure(template, root.resolve(held + "-after"), DEFAULT, warmup, measured);
        String label = held + " held";
        result
            .figure(
                "CPU per save, " + label + ", snapshot every save (before)", before.cpuMs(), "ms")
            .figure("CPU per save, " + label + ", journal (after)", after.cpuMs(), "ms")
            .figure(
                "state bytes written per save, " + label + ", snapshot every save (before)",
                before.stateBytes(),
                "bytes")
            .figure(
                "state bytes written per save, " + label + ", journal (after)",
                after.stateBytes(),
                "bytes")
            .figure("CPU per save before / after, " + label, before.cpuMs() / after.cpuMs(), "x")
            .figure("wall time per save, " + label + ", before", before.wallMs(), "ms")
            .figure("wall time per save, " + label + ", after", after.wallMs(), "ms")
            .figure(
                "snapshots written in the measured saves, " + label + ", journal",
                after.snapshots(),
                "snapshots");
        context.progress(
            String.format(
                Locale.ROOT,
                "wallet-store: %d held: CPU %.3f -> %.3f ms, state bytes %.0f -> %.0f per save",
                held,
                before.cpuMs(),
                after.cpuMs(),
                before.stateBytes(),
                after.stateBytes()));
        journalBytes[index++] = after.stateBytes();
      }
      result.target(
          TargetCheck.atMost(
              "journal: state bytes per save with "
                  + many
                  + " held <= "
                  + TARGET_BYTES_GROWTH
                  + "x with "
                  + few
                  + " held",
              journalBytes[1] / journalBytes[0],
              TARGET_BYTES_GROWTH,
              "x"));
      result.note(
          "CPU = the saving thread's CPU time on a shared machine (CPU-time figures, not"
              + " latencies); document writes (1 KiB, encrypted, forced) are in both variants");
    } finally {
      deleteRecursively(root);
    }
  }

  private record Cost(double cpuMs, double wallMs, double stateBytes, int snapshots) {}

  private static void createWallet(Path directory, int held) throws Exception {
    WalletState state = new WalletState(Keys.generateAuthentication().toPrivateJson());
    state.putConnection(
        new ConnectionRecord(
            "c-1",
            "connector-c-1",
            "token-1",
            "did:example:issuer",
            "Issuer",
            null,
            ConnectionRecord.Status.VERIFIED,
            Keys.generateCommunication().toPrivateJson(),
            null,
            Keys.generateCommunication().toPrivateJson(), // only the size matters here
            Keys.generateAuthentication().toPrivateJson(),
            "1".repeat(60),
            null,
            T0,
            T0,
            null));
    for (int i = 0; i < held; i++) {
      receive(state, "held-" + i);
    }
    state.forgetAcknowledged(state.unacknowledgedMessageIds());
    WalletStore.create(
            directory, PASSPHRASE, KdfParameters.insecureForTests(), new SecureRandom(), state)
        .close();
  }

  /** One received credential as the wallet records it; the previous one acknowledged. */
  private static void receive(WalletState state, String id) {
    state.forgetAcknowledged(state.unacknowledgedMessageIds());
    state.addCredential(
        new CredentialRecord(
            "urn:uuid:" + id,
            "c-1",
            "did:example:issuer",
            "application/vc+json",
            T0.toEpochMilli(),
            "message-" + id,
            T0,
            null,
            null),
        DOCUMENT);
    state.markSeen("c-1", "envelope-" + id, T0.plusSeconds(86_400), T0);
    state.setLastSeenMessageId("message-" + id);
    state.markUnacknowledged("message-" + id);
  }

  /**
   * Warms the JIT up on one copy of {@code template}, then measures on a fresh copy, so that the
   * credentials held grow only by {@code measured} while measuring.
   */
  private static Cost measure(
      Path template, Path directory, CompactionPolicy policy, int warmup, int measured)
      throws Exception {
    Path warmupCopy = copy(template, directory.resolveSibling(directory.getFileName() + "-warmup"));
    try (WalletStore store = WalletStore.open(warmupCopy, PASSPHRASE, new SecureRandom(), policy)) {
      for (int i = 0; i < warmup; i++) {
        receive(store.state(), "warmup-" + i);
        store.save();
      }
    }
    copy(template, directory);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (WalletStore store = WalletStore.open(directory, PASSPHRASE, new SecureRandom(), policy)) {
      long bytes = 0;
      int snapshots = 0;
      long cpu = 0;
      long wall = 0;
      for (int i = 0; i < measured; i++) {
        receive(store.state(), "measured-" + i);
        StateFiles files = StateFiles.of(directory);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        store.save();
        wall += System.nanoTime() - wallStart;
        cpu += threads.getCurrentThreadCpuTime() - cpuStart;
        snapshots += files.snapshotReplaced(directory) ? 1 : 0;
        bytes += files.bytesWrittenSince(directory);
      }
      return new Cost(
          cpu / 1e6 / measured, wall / 1e6 / measured, (double) bytes / measured, snapshots);
    }
  }

  /** Sizes and identity of the state files, to count what a save wrote. */
  private record StateFiles(Object snapshotKey, long journalBytes) {
    static StateFiles of(Path directory) throws IOException {
      Path journal = directory.resolve("wallet.journal");
      return new StateFiles(
          Files.readAttributes(
                  directory.resolve(WalletStore.FILE_NAME),
                  java.nio.file.attribute.BasicFileAttributes.class)
              .fileKey(),
          Files.exists(journal) ? Files.size(journal) : 0);
    }

    boolean snapshotReplaced(Path directory) throws IOException {
      return !of(directory).snapshotKey().equals(snapshotKey);
    }

    /** A renamed-in snapshot has a new file key; the journal only grows or starts again. */
    long bytesWrittenSince(Path directory) throws IOException {
      StateFiles now = of(directory);
      long written = 0;
      if (!now.snapshotKey().equals(snapshotKey)) {
        written += Files.size(directory.resolve(WalletStore.FILE_NAME));
      }
      long journal = now.journalBytes();
      written += journal >= journalBytes ? journal - journalBytes : journal;
      return written;
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        if (source.getFileName().toString().equals("wallet.lock")) {
          continue;
        }
        Files.copy(source, to.resolve(from.relativize(source).toString()));
      }
    }
    return to;
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
      for (Path file : all) {
        Files.deleteIfExists(file);
      }
    }
  }
}
