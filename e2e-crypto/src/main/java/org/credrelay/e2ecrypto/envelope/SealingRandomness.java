package org.credrelay.e2ecrypto.envelope;

import java.security.SecureRandom;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;

/**
 * Every random value of a sealed envelope. Production uses {@link #from(SecureRandom)}; the
 * package-private seam exists so that the published test vectors (docs/vectors/envelope-*.json) can
 * fix the ephemeral key, CEK, IV and message id. It is deliberately not public: fixed values in
 * production would reuse keys and IVs.
 */
interface SealingRandomness {

  int MESSAGE_ID_BYTES = 16;

  KeyPairJwk ephemeralKey(KeyCurve curve);

  byte[] contentKey(int length);

  byte[] iv(int length);

  String messageId();

  static SealingRandomness from(SecureRandom random) {
    return new SealingRandomness() {
      @Override
      public KeyPairJwk ephemeralKey(KeyCurve curve) {
        return Keys.generate(curve, random);
      }

      @Override
      public byte[] contentKey(int length) {
        return bytes(length);
      }

      @Override
      public byte[] iv(int length) {
        return bytes(length);
      }

      @Override
      public String messageId() {
        return Base64Url.encode(bytes(MESSAGE_ID_BYTES));
      }

      private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
      }
    };
  }
}
