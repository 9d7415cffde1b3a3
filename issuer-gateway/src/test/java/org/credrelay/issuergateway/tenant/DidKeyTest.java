package org.credrelay.issuergateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.issuergateway.tenant.service.DidKey;
import org.junit.jupiter.api.Test;

class DidKeyTest {

  @Test
  void knownVectors() {
    // Ed25519 public key of the all-zero seed (did:key test vectors).
    assertThat(DidKey.fromEd25519Bytes(HexFormat.of().parseHex(
        "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29")))
        .isEqualTo("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
    // publicKeyBase58 8HH5gYEeNc3z7PYXmd54d4x6qAfCNrqQqEB3nS7Zfu7K (ACA-Py did:key tests).
    assertThat(DidKey.fromEd25519Bytes(Base58.decode("8HH5gYEeNc3z7PYXmd54d4x6qAfCNrqQqEB3nS7Zfu7K")))
        .isEqualTo("did:key:z6MkmjY8GnV5i9YTDtPETC2uUAW6ejw3nk5mXF5yci5ab7th");
  }

  @Test
  void generatedAuthenticationKey_givesAnEd25519DidKey() {
    String did = DidKey.fromEd25519(Keys.generateAuthentication().publicKey());
    assertThat(did).startsWith("did:key:z6Mk").hasSizeBetween(56, 58);
  }

  /** Minimal base58 decoding for the vector above. */
  static final class Base58 {
    private static final String ALPHABET =
        "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    static byte[] decode(String text) {
      java.math.BigInteger value = java.math.BigInteger.ZERO;
      for (char c : text.toCharArray()) {
        value = value.multiply(java.math.BigInteger.valueOf(58))
            .add(java.math.BigInteger.valueOf(ALPHABET.indexOf(c)));
      }
      byte[] bytes = value.toByteArray();
      byte[] out = new byte[32];
      System.arraycopy(bytes, Math.max(0, bytes.length - 32), out, Math.max(0, 32 - bytes.length),
          Math.min(32, bytes.length));
      return out;
    }
  }
}
