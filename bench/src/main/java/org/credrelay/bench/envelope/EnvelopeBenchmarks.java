package org.credrelay.bench.envelope;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.credrelay.bench.env.SealedMessages;
import org.credrelay.e2ecrypto.envelope.EnvelopeException;
import org.credrelay.e2ecrypto.envelope.EnvelopeOpener;
import org.credrelay.e2ecrypto.envelope.EnvelopePolicy;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.envelope.KeyRing;
import org.credrelay.e2ecrypto.envelope.OpenedEnvelope;
import org.credrelay.e2ecrypto.envelope.SealedEnvelope;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 9, measurement 5, as JMH benchmarks: e2e-crypto's authcrypt seal and open of a 2 KiB
 * credential, and the {@link RawPrimitives} floor of each, on X25519 and P-256 (plus key generation
 * alone, the one primitive where the library and the floor use different code). Run by {@link
 * EnvelopeScenario}; also runnable with any JMH runner.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvelopeBenchmarks {

  @Param({"X25519", "P_256"})
  public String curve;

  @Param({"2048"})
  public int plaintextBytes;

  private final SecureRandom random = new SecureRandom();
  private EnvelopeSealer sealer;
  private EnvelopeOpener opener;
  private KeyPairJwk sender;
  private List<PublicKeyJwk> recipients;
  private KeyRing ring;
  private List<PublicKeyJwk> pinned;
  private byte[] plaintext;
  private byte[] sealed;
  private RawPrimitives raw;
  private byte[][] rawSealed;
  private KeyCurve keyCurve;

  private static final String CONNECTION_ID = "3f1c5a8e-0d7b-4c2a-9e61-bench0000001";

  @Setup
  public void setUp() throws GeneralSecurityException {
    keyCurve = KeyCurve.valueOf(curve);
    sender = Keys.generate(keyCurve);
    KeyPairJwk recipient = Keys.generate(keyCurve);
    recipients = List.of(recipient.publicKey());
    ring = KeyRing.of(recipient);
    pinned = List.of(sender.publicKey());
    plaintext = SealedMessages.credential(plaintextBytes);
    sealer = new EnvelopeSealer(Clock.systemUTC(), random);
    // Every open is of the same envelope: accept its id each time, as a first delivery would.
    opener =
        new EnvelopeOpener(
            Clock.systemUTC(), (connection, id, expires) -> true, EnvelopePolicy.defaults());
    sealed = sealer.seal(sender, recipients, CONNECTION_ID, plaintext).bytes();
    raw = new RawPrimitives(keyCurve == KeyCurve.X25519, random);
    rawSealed = raw.seal(plaintext);
  }

  @Benchmark
  public SealedEnvelope seal() {
    return sealer.seal(sender, recipients, CONNECTION_ID, plaintext);
  }

  @Benchmark
  public OpenedEnvelope open() throws EnvelopeException {
    return opener.open(sealed, CONNECTION_ID, ring, pinned);
  }

  /** e2e-crypto's key generation, as a seal does it for the ephemeral key. */
  @Benchmark
  public KeyPairJwk keygen() {
    return Keys.generate(keyCurve, random);
  }

  /** The primitive key generation the raw seal uses. */
  @Benchmark
  public byte[] rawKeygen() {
    return raw.generateKeyPair();
  }

  @Benchmark
  public byte[][] rawSeal() throws GeneralSecurityException {
    return raw.seal(plaintext);
  }

  @Benchmark
  public byte[] rawOpen() throws GeneralSecurityException {
    return raw.open(rawSealed);
  }
}
