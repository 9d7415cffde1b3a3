package org.credrelay.e2ecrypto.handshake;

import java.util.stream.Stream;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner.Acceptable;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner.Outcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof hkdf_sha256 and hmac_sha256 through the handshake's {@link Hkdf} and {@link
 * HmacSha256}. HS256 here means a 256-bit key and the full 256-bit tag: vectors with other key
 * sizes or truncated tags - valid ones included - must be refused.
 */
class WycheproofMacAndKdfTest {

  @TestFactory
  Stream<DynamicTest> hkdfSha256() {
    return WycheproofRunner.run(
        "hkdf_sha256_test.json",
        c -> {
          try {
            return Outcome.compare(
                Hkdf.sha256(
                    c.hex("ikm"), c.hex("salt"), c.hex("info"), c.test().get("size").asInt()),
                c.hex("okm"));
          } catch (IllegalArgumentException e) {
            return Outcome.refused("size");
          }
        },
        c -> Acceptable.RECORD);
  }

  @TestFactory
  Stream<DynamicTest> hmacSha256() {
    return WycheproofRunner.run(
        "hmac_sha256_test.json",
        c -> {
          if (!HmacSha256.verify(c.hex("key"), c.hex("msg"), c.hex("tag"))) {
            return Outcome.refused("tag mismatch or parameters");
          }
          return Outcome.compare(HmacSha256.tag(c.hex("key"), c.hex("msg")), c.hex("tag"));
        },
        c -> Acceptable.RECORD,
        c -> c.group().get("keySize").asInt() == 256 && c.group().get("tagSize").asInt() == 256);
  }
}
