package org.credrelay.e2ecrypto.envelope;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thread CPU time per authcrypt seal and open with {@code Zs} computed every time and remembered
 * per key pair (decision 0049), for the figures in docs/PERFORMANCE.md. Not a timed assertion and
 * not part of the normal build: run with {@code ./mvnw -pl e2e-crypto test
 * -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=StaticAgreementBenchmarkTest}.
 */
@Tag("benchmark")
class StaticAgreementBenchmarkTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final byte[] CREDENTIAL = new byte[1500];

  interface Op {
    void run() throws Exception;
  }

  @Test
  void printCpuPerSealAndOpen() throws Exception {
    Clock clock = Clock.systemUTC();
    // The first pass also warms the JIT for all variants; the second pass is the one to read.
    for (int pass = 1; pass <= 2; pass++) {
      System.out.println("pass " + pass);
      for (KeyCurve curve : List.of(KeyCurve.X25519, KeyCurve.P_256)) {
        KeyPairJwk issuer = Keys.generate(curve, RANDOM);
        KeyPairJwk holder = Keys.generate(curve, RANDOM);
        for (boolean remembered : List.of(false, true)) {
          StaticAgreements statics =
              remembered ? new Remembering() : StaticAgreements.computeEveryTime();
          EnvelopeSealer sealer = new EnvelopeSealer(clock, RANDOM, statics);
          EnvelopeOpener opener =
              new EnvelopeOpener(
                  clock, (connection, id, until) -> true, EnvelopePolicy.defaults(), statics);
          byte[] sealed = sealer.seal(issuer, List.of(holder.publicKey()), "c", CREDENTIAL).bytes();
          String label = curve.crv() + (remembered ? " Zs remembered" : " Zs computed  ");
          measure(
              "seal " + label,
              () -> sealer.seal(issuer, List.of(holder.publicKey()), "c", CREDENTIAL));
          // The issuer opens what the holder sealed: the gateway's receipt direction.
          measure(
              "open " + label,
              () -> opener.open(sealed, "c", KeyRing.of(holder), List.of(issuer.publicKey())));
        }
      }
    }
  }

  private static void measure(String name, Op op) throws Exception {
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      op.run();
    }
    int count = 0;
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long wallStart = System.nanoTime();
    while (System.nanoTime() - wallStart < 3_000_000_000L) {
      op.run();
      count++;
    }
    double cpuMicros = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3 / count;
    System.out.printf("%-34s %8.1f us CPU per op (%,d ops)%n", name, cpuMicros, count);
  }

  /** Remembers Zs per (own, peer) thumbprints, as the gateway's cache does (without its bounds). */
  private static final class Remembering implements StaticAgreements {
    private final Map<String, byte[]> values = new ConcurrentHashMap<>();

    @Override
    public byte[] agree(KeyPairJwk own, org.credrelay.e2ecrypto.keys.PublicKeyJwk peer)
        throws org.credrelay.e2ecrypto.keys.KeyRejectedException {
      String key = own.publicKey().thumbprint() + "." + peer.thumbprint();
      byte[] value = values.get(key);
      if (value == null) {
        value = own.agree(peer);
        values.put(key, value.clone());
        return value;
      }
      return value.clone();
    }
  }
}
