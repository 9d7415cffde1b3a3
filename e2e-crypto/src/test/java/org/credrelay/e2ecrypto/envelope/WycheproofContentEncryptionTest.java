package org.credrelay.e2ecrypto.envelope;

import java.security.GeneralSecurityException;
import java.util.stream.Stream;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.vectors.TestVectors.WycheproofCase;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner.Acceptable;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner.Outcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof a256cbc_hs512, aes_gcm and aes_wrap through the envelope's own primitives. Those
 * accept only the JOSE parameters we use (A256GCM: 256-bit key, 96-bit IV, 128-bit tag; A256KW:
 * 256-bit KEK), so vectors for other sizes - valid ones included - must be refused by the parameter
 * checks.
 */
class WycheproofContentEncryptionTest {

  @TestFactory
  Stream<DynamicTest> a256cbcHs512() {
    return WycheproofRunner.run(
        "a256cbc_hs512_test.json", c -> aead(c, true), c -> Acceptable.RECORD);
  }

  @TestFactory
  Stream<DynamicTest> aesGcm() {
    return WycheproofRunner.run(
        "aes_gcm_test.json",
        c -> aead(c, false),
        c -> Acceptable.RECORD,
        c ->
            c.group().get("keySize").asInt() == 256
                && c.group().get("ivSize").asInt() == 96
                && c.group().get("tagSize").asInt() == 128);
  }

  @TestFactory
  Stream<DynamicTest> aesKeyWrap() {
    return WycheproofRunner.run(
        "aes_wrap_test.json",
        WycheproofContentEncryptionTest::unwrap,
        c -> Acceptable.RECORD,
        c -> c.group().get("keySize").asInt() == 256);
  }

  private static Outcome aead(WycheproofCase c, boolean cbc) {
    byte[] key = c.hex("key");
    byte[] iv = c.hex("iv");
    byte[] aad = c.hex("aad");
    try {
      byte[] plaintext =
          cbc
              ? A256CbcHs512.decrypt(key, iv, aad, c.hex("ct"), c.hex("tag"))
              : AesGcm.decrypt(key, iv, aad, c.hex("ct"), c.hex("tag"));
      ContentEncryption.Encrypted again =
          cbc
              ? A256CbcHs512.encrypt(key, iv, aad, plaintext)
              : AesGcm.encrypt(key, iv, aad, plaintext);
      return Outcome.compare(
          Digests.concat(plaintext, again.ciphertext(), again.tag()),
          Digests.concat(c.hex("msg"), c.hex("ct"), c.hex("tag")));
    } catch (GeneralSecurityException e) {
      return Outcome.refused(e.getClass().getSimpleName());
    }
  }

  private static Outcome unwrap(WycheproofCase c) {
    try {
      byte[] key = AesKeyWrap.unwrap(c.hex("key"), c.hex("ct"));
      return Outcome.compare(
          Digests.concat(key, AesKeyWrap.wrap(c.hex("key"), key)),
          Digests.concat(c.hex("msg"), c.hex("ct")));
    } catch (GeneralSecurityException e) {
      return Outcome.refused(e.getClass().getSimpleName());
    }
  }
}
