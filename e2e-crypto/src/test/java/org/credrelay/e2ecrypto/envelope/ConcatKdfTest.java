package org.credrelay.e2ecrypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.credrelay.e2ecrypto.internal.Digests;
import org.junit.jupiter.api.Test;

class ConcatKdfTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void deriveKek_matchesTheEcdh1puDraftAppendixA() {
    // draft-madden-jose-ecdh-1pu-04 Appendix A (direct mode: AlgorithmID = "A256GCM", no tag).
    byte[] z =
        Digests.concat(
            HEX.parseHex("9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4"),
            HEX.parseHex("e3ca3474384c9f62b30bfd4c688b3e7d4110a1b4badc3cc54ef7b81241efd50d"));

    byte[] key = ConcatKdf.deriveKek(z, "A256GCM", ascii("Alice"), ascii("Bob"), null);

    assertThat(HEX.formatHex(key))
        .isEqualTo("6caf13723d14850ad4b42cd6dde935bffd2fff00a9ba70de05c203a5e1722ca7");
  }

  @Test
  void deriveKek_dependsOnTheTag_forOnePassUnifiedKeyWrapping() {
    byte[] z = new byte[64];
    byte[] tag = new byte[32];
    byte[] withTag = ConcatKdf.deriveKek(z, "ECDH-1PU+A256KW", ascii("a"), ascii("b"), tag);
    tag[0] = 1;

    assertThat(withTag)
        .isNotEqualTo(ConcatKdf.deriveKek(z, "ECDH-1PU+A256KW", ascii("a"), ascii("b"), tag))
        .isNotEqualTo(ConcatKdf.deriveKek(z, "ECDH-1PU+A256KW", ascii("a"), ascii("b"), null));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
