package org.credrelay.e2ecrypto.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.credrelay.e2ecrypto.vectors.TestVectors;
import org.junit.jupiter.api.Test;

/**
 * {@link PublicKeyJwk#verifySignature} verifies Ed25519 with the point decoded once per key
 * (decision 0060-edverify); it must accept and refuse exactly what Bouncy Castle's verification by
 * the key's 32 bytes does, on every Wycheproof vector and on signatures built to sit on the edges
 * where Ed25519 verifiers differ.
 */
class Ed25519DecodedPointTest {

  private static final byte[] MESSAGE =
      "credrelay-request-v1\nm\nn\n1\n{}".getBytes(StandardCharsets.US_ASCII);

  @Test
  void everyWycheproofVector_sameVerdictAsVerifyingWithTheKeyBytes() {
    int compared = 0;
    int accepted = 0;
    for (TestVectors.WycheproofCase c : TestVectors.wycheproof("ed25519_test.json")) {
      byte[] pk = HexFormat.of().parseHex(c.group().get("publicKey").get("pk").asString());
      byte[] message = c.hex("msg");
      byte[] signature = c.hex("sig");
      PublicKeyJwk key;
      try {
        key = PublicKeyJwk.parse(Ed25519EdgeSignatures.jwk(pk), KeyUse.AUTHENTICATION);
      } catch (KeyRejectedException refusedKey) {
        continue; // never reaches verification (WycheproofSignatureTest covers the refusal)
      }
      boolean byBytes =
          signature.length == Ed25519.SIGNATURE_SIZE
              && Ed25519.verify(signature, 0, pk, 0, message, 0, message.length);
      assertThat(key.verifySignature(message, signature)).as(c.displayName()).isEqualTo(byBytes);
      compared++;
      accepted += byBytes ? 1 : 0;
    }
    assertThat(compared).isGreaterThan(100);
    assertThat(accepted).isPositive().isLessThan(compared);
  }

  @Test
  void edgeSignatures_sameVerdictAsVerifyingWithTheKeyBytes_andPinnedOutcomes() {
    for (long seed : List.of(1L, 2L, 3L, 5L, 8L, 13L, 21L, 34L)) {
      Ed25519EdgeSignatures.Signer signer = Ed25519EdgeSignatures.Signer.of(seed);
      PublicKeyJwk key = Ed25519EdgeSignatures.key(signer.publicKey());
      BigInteger r = BigInteger.valueOf(seed * 1_000_003L);
      byte[] honest = signer.sign(r, MESSAGE);

      assertThat(verdicts(key, signer, honest)).as("honest").containsExactly(true, true);
      assertThat(verdicts(key, signer, Ed25519EdgeSignatures.withNonCanonicalS(honest)))
          .as("S + L")
          .containsExactly(false, false);
      assertThat(
              verdicts(
                  key, signer, Ed25519EdgeSignatures.withNonCanonicalIdentityR(signer, MESSAGE)))
          .as("R not canonical")
          .containsExactly(false, false);
      byte[] mixed = signer.signWithMixedOrderR(r, MESSAGE);
      assertThat(verdicts(key, signer, mixed)).as("mixed-order R").containsExactly(MIXED, MIXED);
      assertThat(verdicts(key, signer, signer.signWithSmallOrderR(MESSAGE)))
          .as("R of order 8")
          .containsExactly(SMALL, SMALL);
      assertThat(verdicts(key, signer, signer.signWithIdentityR(MESSAGE)))
          .as("R = identity")
          .containsExactly(IDENTITY, IDENTITY);
      assertThat(
              Ed25519EdgeSignatures.key(Ed25519EdgeSignatures.Signer.of(seed + 1).publicKey())
                  .verifySignature(MESSAGE, honest))
          .as("another key")
          .isFalse();
    }
  }

  @Test
  void aKeyWithAnotherKid_verifiesAsTheOriginal() {
    Ed25519EdgeSignatures.Signer signer = Ed25519EdgeSignatures.Signer.of(99);
    PublicKeyJwk key = Ed25519EdgeSignatures.key(signer.publicKey()).withKid("key-1");
    byte[] honest = signer.sign(BigInteger.valueOf(12345), MESSAGE);
    assertThat(key.verifySignature(MESSAGE, honest)).isTrue();
    assertThat(key.verifySignature(MESSAGE, Ed25519EdgeSignatures.withNonCanonicalS(honest)))
        .isFalse();
  }

  // Bouncy Castle 1.87's outcomes, pinned: a verifier put in its place must give the same.
  private static final boolean MIXED = true;
  private static final boolean SMALL = true;
  private static final boolean IDENTITY = true;

  private static List<Boolean> verdicts(
      PublicKeyJwk key, Ed25519EdgeSignatures.Signer signer, byte[] signature) {
    byte[] pk = signer.publicKey();
    return List.of(
        key.verifySignature(MESSAGE, signature),
        Ed25519.verify(signature, 0, pk, 0, MESSAGE, 0, MESSAGE.length));
  }
}
