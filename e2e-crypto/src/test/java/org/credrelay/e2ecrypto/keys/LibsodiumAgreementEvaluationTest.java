package org.credrelay.e2ecrypto.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.credrelay.e2ecrypto.vectors.TestVectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The evaluation behind decision 0060-edverify: does libsodium's {@code
 * crypto_sign_verify_detached} accept and refuse exactly what the connector's verification (Bouncy
 * Castle, {@link PublicKeyJwk#verifySignature}) does? Prints every disagreement; asserts nothing,
 * because its answer is a finding, not a property of this code. Needs the system libsodium, so it
 * is tagged and runs only on request: {@code ./mvnw -pl e2e-crypto test -Dsurefire.excludedGroups=
 * -Dgroups=benchmark -Dtest=LibsodiumAgreementEvaluationTest}.
 */
@Tag("benchmark")
class LibsodiumAgreementEvaluationTest {

  private static final byte[] MESSAGE =
      "credrelay-request-v1\nm\nn\n1\n{}".getBytes(StandardCharsets.US_ASCII);

  @Test
  void printDisagreements() {
    Libsodium sodium = Libsodium.loadOrNull();
    Assumptions.assumeTrue(sodium != null, "libsodium not loadable here");
    System.out.println("libsodium " + sodium.sodium_version_string());
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (TestVectors.WycheproofCase c : TestVectors.wycheproof("ed25519_test.json")) {
      byte[] pk = HexFormat.of().parseHex(c.group().get("publicKey").get("pk").asString());
      byte[] message = c.hex("msg");
      byte[] signature = c.hex("sig");
      boolean ours;
      try {
        ours =
            PublicKeyJwk.parse(Ed25519EdgeSignatures.jwk(pk), KeyUse.AUTHENTICATION)
                .verifySignature(message, signature);
      } catch (KeyRejectedException refused) {
        counts.merge("wycheproof: key refused at parse (never verified)", 1, Integer::sum);
        continue;
      }
      boolean native_ = signature.length == 64 && nativeVerify(sodium, pk, message, signature);
      count(counts, "wycheproof", c.displayName(), ours, native_);
    }
    for (long seed : List.of(1L, 2L, 3L, 5L, 8L, 13L, 21L, 34L)) {
      Ed25519EdgeSignatures.Signer signer = Ed25519EdgeSignatures.Signer.of(seed);
      PublicKeyJwk key = Ed25519EdgeSignatures.key(signer.publicKey());
      BigInteger r = BigInteger.valueOf(seed * 1_000_003L);
      byte[] honest = signer.sign(r, MESSAGE);
      Map<String, byte[]> cases = new LinkedHashMap<>();
      cases.put("honest", honest);
      cases.put("S + L", Ed25519EdgeSignatures.withNonCanonicalS(honest));
      cases.put(
          "R not canonical", Ed25519EdgeSignatures.withNonCanonicalIdentityR(signer, MESSAGE));
      cases.put("mixed-order R", signer.signWithMixedOrderR(r, MESSAGE));
      cases.put("R of order 8", signer.signWithSmallOrderR(MESSAGE));
      cases.put("R = identity", signer.signWithIdentityR(MESSAGE));
      cases.forEach(
          (name, signature) ->
              count(
                  counts,
                  "edge " + name,
                  name + " seed " + seed,
                  key.verifySignature(MESSAGE, signature),
                  nativeVerify(sodium, signer.publicKey(), MESSAGE, signature)));
    }
    counts.forEach((what, n) -> System.out.printf("%-70s %5d%n", what, n));
  }

  private static void count(
      Map<String, Integer> counts, String group, String name, boolean ours, boolean native_) {
    if (ours == native_) {
      counts.merge(group + ": agree (" + (ours ? "accepted" : "refused") + ")", 1, Integer::sum);
    } else {
      counts.merge(
          group + ": DISAGREE (BC " + ours + ", libsodium " + native_ + ")", 1, Integer::sum);
      if (group.equals("wycheproof")) {
        System.out.println("disagreement: " + name);
      }
    }
  }

  private static boolean nativeVerify(Libsodium sodium, byte[] pk, byte[] message, byte[] sig) {
    return sodium.crypto_sign_verify_detached(sig, message, message.length, pk) == 0;
  }

  static {
    Ed25519.precompute();
  }
}
