package org.credrelay.e2ecrypto.signing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.Libsodium;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPU time per step of verifying one signed request, as the connector does for every signed gRPC
 * call (docs/PERFORMANCE.md, "Ed25519 request verification", decision 0060-edverify). Prints
 * figures; asserts nothing about time. Not part of the normal build: run with {@code ./mvnw -pl
 * e2e-crypto test -Dsurefire.excludedGroups= -Dgroups=benchmark
 * -Dtest=SignatureVerificationBenchmarkTest}; {@code -Dbench.threads=2} runs the same loops on two
 * threads at once (figures are still CPU time of the measuring thread).
 *
 * <p>The request is 5,400 bytes, the size of a SendMessage in bench's send scenario. libsodium is
 * measured through JNA when the system library loads (Debian libsodium23), else skipped.
 */
@Tag("benchmark")
class SignatureVerificationBenchmarkTest {

  private static final String METHOD = "credrelay.connector.v1.ConnectorService/SendMessage";
  private static final int REQUEST_BYTES = 5_400;
  private static final int WARM_UP = 500;
  private static final int ROUNDS = 2_000;
  private static final int PASSES = 5;
  private static final Map<String, List<Double>> CPU_MICROS = new LinkedHashMap<>();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  interface Op {
    void run() throws Exception;
  }

  @Test
  void printCpuPerStep() throws Exception {
    int threads = Integer.getInteger("bench.threads", 1);
    Thread[] others = new Thread[threads - 1];
    for (int i = 0; i < others.length; i++) {
      others[i] =
          new Thread(
              () -> {
                try {
                  for (int pass = 0; pass <= PASSES; pass++) {
                    run(false);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      others[i].start();
    }
    run(false); // a whole first pass, so that no line pays for another's compilation
    for (int pass = 0; pass < PASSES; pass++) {
      run(true); // the lines take turns, so a change in the machine's load hits them all alike
    }
    for (Thread other : others) {
      other.join();
    }
    CPU_MICROS.forEach(
        (name, figures) -> {
          List<Double> sorted = figures.stream().sorted().toList();
          System.out.printf(
              "%-72s cpu median %7.2f us  min %7.2f us  (%d passes)%n",
              name, sorted.get(sorted.size() / 2), sorted.get(0), sorted.size());
        });
  }

  private static void run(boolean print) throws Exception {
    KeyPairJwk signerPair = Keys.generate(org.credrelay.e2ecrypto.keys.KeyCurve.ED25519);
    PublicKeyJwk signer =
        PublicKeyJwk.parse(signerPair.publicKey().toJson(), KeyUse.AUTHENTICATION);
    String jwk = signer.toJson();
    byte[] publicKey = Base64Url.decode((String) signer.toJsonObject().get("x"));
    byte[] request = new byte[REQUEST_BYTES];
    new Random(1).nextBytes(request);
    RequestSigner requestSigner =
        new RequestSigner(
            signerPair, "did:web:issuer.example", Clock.systemUTC(), new SecureRandom());
    Map<String, String> metadata = requestSigner.sign(METHOD, request);
    byte[] signingInput =
        SigningInput.of(
            METHOD,
            metadata.get(RequestSignatureHeaders.NONCE),
            metadata.get(RequestSignatureHeaders.TIMESTAMP),
            request);
    byte[] signature = Base64Url.decode(metadata.get(RequestSignatureHeaders.SIGNATURE));
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(publicKey, 0);
    RequestVerifier verifier =
        new RequestVerifier(
            Clock.systemUTC(), new InMemoryNonceStore(Clock.systemUTC()), Duration.ofMinutes(5));
    String timestamp = metadata.get(RequestSignatureHeaders.TIMESTAMP);
    byte[] digest = new byte[64];

    measure(
        print,
        "per request: RequestVerifier.verifyExceptNonce (whole)",
        () -> {
          if (verifier.verifyExceptNonce(METHOD, request, metadata, signer) == null) {
            throw new AssertionError();
          }
        });
    String nonce = metadata.get(RequestSignatureHeaders.NONCE);
    String signatureText = metadata.get(RequestSignatureHeaders.SIGNATURE);
    measure(
        print,
        "per request: the same checks as before 0060 (key bytes, 2 decodes, regex)",
        () -> {
          check(Base64Url.isCanonical(nonce, 16, 64));
          check(timestamp.matches("0|[1-9][0-9]{0,15}"));
          check(Base64Url.isCanonical(signatureText, 64, 64));
          byte[] input = SigningInput.of(METHOD, nonce, timestamp, request);
          byte[] decoded = Base64Url.decode(signatureText);
          check(Ed25519.verify(decoded, 0, publicKey, 0, input, 0, input.length));
        });
    measure(
        print,
        "per request: PublicKeyJwk.verifySignature",
        () -> {
          check(signer.verifySignature(signingInput, signature));
        });
    measure(
        print,
        "per verify:  BC Ed25519.verify(public key bytes)",
        () -> {
          check(Ed25519.verify(signature, 0, publicKey, 0, signingInput, 0, signingInput.length));
        });
    measure(
        print,
        "per verify:  BC Ed25519.verify(decoded PublicPoint)",
        () -> {
          check(Ed25519.verify(signature, 0, point, signingInput, 0, signingInput.length));
        });
    byte[] small = java.util.Arrays.copyOf(signingInput, 64);
    byte[] smallSignature = signerPair.sign(small);
    measure(
        print,
        "per verify:  BC Ed25519.verify(decoded PublicPoint), 64-byte message",
        () -> check(Ed25519.verify(smallSignature, 0, point, small, 0, small.length)));
    measure(
        print,
        "part:        decoding the public point (saved per verify by PublicPoint)",
        () -> check(Ed25519.validatePublicKeyPartialExport(publicKey, 0) != null));
    java.security.MessageDigest jdkSha = java.security.MessageDigest.getInstance("SHA-512");
    measure(
        print,
        "part:        SHA-512 of the signing input (JDK, for comparison)",
        () -> jdkSha.digest(signingInput));
    Libsodium sodium = Libsodium.loadOrNull();
    if (sodium != null) {
      measure(
          print,
          "per verify:  libsodium crypto_sign_verify_detached (JNA)",
          () -> {
            check(
                sodium.crypto_sign_verify_detached(
                        signature, signingInput, signingInput.length, publicKey)
                    == 0);
          });
    } else if (print) {
      System.out.println("libsodium: not loadable here, skipped");
    }
    measure(
        print,
        "part:        SHA-512 of the signing input (BC)",
        () -> {
          SHA512Digest sha = new SHA512Digest();
          sha.update(signingInput, 0, signingInput.length);
          sha.doFinal(digest, 0);
        });
    measure(
        print,
        "part:        SigningInput.of (header || request copy)",
        () -> {
          SigningInput.of(METHOD, "n", timestamp, request);
        });
    measure(
        print,
        "part:        timestamp check with String.matches",
        () -> {
          check(timestamp.matches("0|[1-9][0-9]{0,15}"));
        });
    measure(
        print,
        "part:        Base64Url.isCanonical + decode of the signature",
        () -> {
          String text = metadata.get(RequestSignatureHeaders.SIGNATURE);
          check(Base64Url.isCanonical(text, 64, 64));
          Base64Url.decode(text);
        });
    measure(
        print,
        "per key:     PublicKeyJwk.parse (point validation)",
        () -> {
          PublicKeyJwk.parse(jwk, KeyUse.AUTHENTICATION);
        });
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw new AssertionError("verification failed in the benchmark");
    }
  }

  private static void measure(boolean print, String name, Op op) throws Exception {
    for (int i = 0; i < WARM_UP; i++) {
      op.run();
    }
    long cpu = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < ROUNDS; i++) {
      op.run();
    }
    double cpuMicros = (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000.0 / ROUNDS;
    if (print) {
      CPU_MICROS.computeIfAbsent(name, n -> new ArrayList<>()).add(cpuMicros);
    }
  }
}
