package org.credrelay.wallet.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (RFC 9106) from Bouncy Castle: passphrase + salt -> 256-bit AES key. */
final class PassphraseKdf {

  static final int KEY_BYTES = 32;

  private PassphraseKdf() {}

  static byte[] deriveKey(char[] passphrase, byte[] salt, KdfParameters params) {
    byte[] password = utf8(passphrase);
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(
          new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
              .withVersion(Argon2Parameters.ARGON2_VERSION_13)
              .withSalt(salt)
              .withMemoryAsKB(params.memoryKib())
              .withIterations(params.iterations())
              .withParallelism(params.parallelism())
              .build());
      byte[] key = new byte[KEY_BYTES];
      generator.generateBytes(password, key);
      return key;
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** NFC first, so the same passphrase typed on another keyboard or OS gives the same bytes. */
  private static byte[] utf8(char[] passphrase) {
    String normalized = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC);
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(normalized);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return bytes;
  }
}
