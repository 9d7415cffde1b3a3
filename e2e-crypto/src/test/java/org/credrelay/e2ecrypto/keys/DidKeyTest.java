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
}
