package org.credrelay.e2ecrypto.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DidKeyTest {

  @Test
  void ed25519_matchesTheDidKeySpecificationTestVector() throws Exception {
    // Ed25519 public key of the all-zero seed (did:key test vectors).
    PublicKeyJwk key =
        PublicKeyJwk.parse(
            """
        {"kty":"OKP","crv":"Ed25519","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}""",
            KeyUse.AUTHENTICATION);

    assertThat(DidKey.of(key))
        .isEqualTo("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
  }

  @Test
  void ed25519_matchesAcaPysDidKeyVector() throws Exception {
    // publicKeyBase58 8HH5gYEeNc3z7PYXmd54d4x6qAfCNrqQqEB3nS7Zfu7K (ACA-Py did:key tests).
    PublicKeyJwk key =
        PublicKeyJwk.parse(
            """
        {"kty":"OKP","crv":"Ed25519","x":"bC1IsWBWhO-UNj3GFY7rZXdGbho2p0Dy_GJGF-23cS4"}""",
            KeyUse.AUTHENTICATION);

    assertThat(DidKey.of(key))
        .isEqualTo("did:key:z6MkmjY8GnV5i9YTDtPETC2uUAW6ejw3nk5mXF5yci5ab7th");
  }

  @Test
  void secp256k1_startsWithTheSecp256k1Prefix_andCommunicationKeysHaveNone() {
    assertThat(DidKey.of(Keys.generate(KeyCurve.SECP256K1).publicKey())).startsWith("did:key:zQ3s");
    assertThatThrownBy(() -> DidKey.of(Keys.generate(KeyCurve.X25519).publicKey()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void x25519CommunicationKey_matchesTransmutesDidKeyX25519Fixture() throws Exception {
    // X25519KeyAgreementKey2019 fixture of transmute-industries/did-key.js (did-key-x25519).
    PublicKeyJwk key =
        PublicKeyJwk.parse(
            """
        {"kty":"OKP","crv":"X25519","x":"pE_mG098rdQjY3MKK2D5SUQ6ZOEW3a6Z6T7Z4SgnzCE"}""",
            KeyUse.COMMUNICATION);

    assertThat(DidKey.ofCommunicationKey(key))
        .isEqualTo("did:key:z6LSnjagzhe8Df6gZmroW3wjDd7XQLwAuYfwa4ZeTBCGFoYc");
    assertThat(DidKey.urlOfCommunicationKey(key))
        .isEqualTo(
            "did:key:z6LSnjagzhe8Df6gZmroW3wjDd7XQLwAuYfwa4ZeTBCGFoYc"
                + "#z6LSnjagzhe8Df6gZmroW3wjDd7XQLwAuYfwa4ZeTBCGFoYc");
  }

  @Test
  void p256CommunicationKey_isTheCompressedPointUnderTheP256Multicodec() {
    PublicKeyJwk key = Keys.generate(KeyCurve.P_256).publicKey();
    String did = DidKey.ofCommunicationKey(key);

    assertThat(did).startsWith("did:key:zDn");
    byte[] decoded = base58Decode(did.substring("did:key:z".length()));
    assertThat(decoded).hasSize(35);
    assertThat(decoded[0]).isEqualTo((byte) 0x80);
    assertThat(decoded[1]).isEqualTo((byte) 0x24);
    assertThat(java.util.Arrays.copyOfRange(decoded, 3, 35))
        .isEqualTo(
            java.util.Base64.getUrlDecoder()
                .decode((String) key.toJsonObjectWithoutKid().get("x")));
    assertThatThrownBy(() -> DidKey.ofCommunicationKey(Keys.generate(KeyCurve.ED25519).publicKey()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Independent of DidKey's encoder: plain base58btc decoding. */
  private static byte[] base58Decode(String text) {
    String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    java.math.BigInteger value = java.math.BigInteger.ZERO;
    for (char c : text.toCharArray()) {
      value =
          value
              .multiply(java.math.BigInteger.valueOf(58))
              .add(java.math.BigInteger.valueOf(alphabet.indexOf(c)));
    }
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }
}
