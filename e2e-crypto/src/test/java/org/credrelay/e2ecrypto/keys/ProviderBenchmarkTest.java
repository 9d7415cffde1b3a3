package org.credrelay.e2ecrypto.keys;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.credrelay.e2ecrypto.envelope.EnvelopeOpener;
import org.credrelay.e2ecrypto.envelope.EnvelopePolicy;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.envelope.InMemorySeenMessageIds;
import org.credrelay.e2ecrypto.envelope.KeyRing;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rough throughput figures behind docs/decisions/0002-crypto-provider.md. Not a timed assertion and
 * not part of the normal build: run with {@code ./mvnw -pl e2e-crypto test
 * -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=ProviderBenchmarkTest}.
 */
@Tag("benchmark")
class ProviderBenchmarkTest {

  private static final Provider BC = new BouncyCastleProvider();
  private static final SecureRandom RANDOM = new SecureRandom();

  interface Op {
    void run() throws Exception;
  }

  @Test
  void printThroughput() throws Exception {
    measure("X25519 keygen+ECDH  JDK", jcaAgree("X25519", null, "XDH", null));
    measure("X25519 keygen+ECDH  BC lightweight (ours)", () -> ourAgree(KeyCurve.X25519));
    measure("P-256  keygen+ECDH  JDK", jcaAgree("EC", "secp256r1", "ECDH", null));
    measure("P-256  keygen+ECDH  BC JCA provider", jcaAgree("EC", "secp256r1", "ECDH", BC));
    measure("P-256  keygen+ECDH  BC lightweight (ours)", () -> ourAgree(KeyCurve.P_256));
    KeyPair jdkEd = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    measure("Ed25519 sign+verify JDK", () -> jcaSignVerify("Ed25519", jdkEd, null));
    KeyPairJwk ed = Keys.generate(KeyCurve.ED25519);
    measure("Ed25519 sign+verify BC lightweight (ours)", () -> ourSignVerify(ed));
    KeyPairJwk k1 = Keys.generate(KeyCurve.SECP256K1);
    measure("ES256K  sign+verify BC lightweight (ours)", () -> ourSignVerify(k1));
    byte[] twoKiB = new byte[2048];
    measure("AES-256-GCM 2 KiB   JDK (ours)", () -> gcm(twoKiB, null));
    measure("AES-256-GCM 2 KiB   BC JCA provider", () -> gcm(twoKiB, BC));
    for (KeyCurve curve : List.of(KeyCurve.X25519, KeyCurve.P_256)) {
      KeyPairJwk sender = Keys.generate(curve);
      KeyPairJwk recipient = Keys.generate(curve);
      EnvelopeSealer sealer = new EnvelopeSealer(Clock.systemUTC(), RANDOM);
      EnvelopeOpener opener =
          new EnvelopeOpener(
              Clock.systemUTC(),
              new InMemorySeenMessageIds(Clock.systemUTC(), 10_000_000),
              EnvelopePolicy.defaults());
      measure(
          "envelope seal+open 2 KiB " + curve,
          () ->
              opener.open(
                  sealer.seal(sender, List.of(recipient.publicKey()), "c", twoKiB).bytes(),
                  "c",
                  KeyRing.of(recipient),
                  List.of(sender.publicKey())));
    }
  }

  private static void measure(String name, Op op) throws Exception {
    long end = System.nanoTime() + 500_000_000L;
    while (System.nanoTime() < end) {
      op.run();
    }
    long start = System.nanoTime();
    int count = 0;
    while (System.nanoTime() - start < 1_500_000_000L) {
      op.run();
      count++;
    }
    System.out.printf("%-45s %,10.0f ops/s%n", name, count / ((System.nanoTime() - start) / 1e9));
  }

  /** Generator and agreement objects are created once, so only the curve arithmetic is timed. */
  private static Op jcaAgree(String kpg, String curve, String agreement, Provider provider)
      throws Exception {
    KeyPairGenerator generator =
        provider == null
            ? KeyPairGenerator.getInstance(kpg)
            : KeyPairGenerator.getInstance(kpg, provider);
    if (curve != null) {
      generator.initialize(new ECGenParameterSpec(curve), RANDOM);
    }
    KeyPair peer = generator.generateKeyPair();
    KeyAgreement ka =
        provider == null
            ? KeyAgreement.getInstance(agreement)
            : KeyAgreement.getInstance(agreement, provider);
    return () -> {
      ka.init(generator.generateKeyPair().getPrivate());
      ka.doPhase(peer.getPublic(), true);
      ka.generateSecret();
    };
  }

  private static final java.util.Map<KeyCurve, KeyPairJwk> OURS =
      new java.util.EnumMap<>(KeyCurve.class);

  private static void ourAgree(KeyCurve curve) throws Exception {
    KeyPairJwk peer = OURS.computeIfAbsent(curve, Keys::generate);
    Keys.generate(curve, RANDOM).agree(peer.publicKey());
  }

  private static void jcaSignVerify(String algorithm, KeyPair pair, Provider provider)
      throws Exception {
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(pair.getPrivate());
    signer.update(new byte[200]);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(pair.getPublic());
    verifier.update(new byte[200]);
    verifier.verify(signature);
  }

  private static void ourSignVerify(KeyPairJwk key) {
    key.publicKey().verifySignature(new byte[200], key.sign(new byte[200]));
  }

  private static void gcm(byte[] data, Provider provider) throws Exception {
    Cipher cipher =
        provider == null
            ? Cipher.getInstance("AES/GCM/NoPadding")
            : Cipher.getInstance("AES/GCM/NoPadding", provider);
    byte[] iv = new byte[12];
    RANDOM.nextBytes(iv);
    cipher.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[32], "AES"), new GCMParameterSpec(128, iv));
    cipher.doFinal(data);
  }
}
