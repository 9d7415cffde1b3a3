package org.credrelay.e2ecrypto.keys;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The system's libsodium (1.0.18 here: Debian libsodium23) through JNA, for the tests that compare
 * our Ed25519 verification with it (decision 0060-edverify). Test scope only: production code does
 * not load it.
 */
public interface Libsodium extends Library {

  int sodium_init();

  String sodium_version_string();

  int crypto_sign_verify_detached(byte[] sig, byte[] m, long mlen, byte[] pk);

  /** The library, initialised; null where it cannot be loaded (the caller skips). */
  static Libsodium loadOrNull() {
    for (String name : new String[] {"sodium", "libsodium.so.23"}) {
      try {
        Libsodium sodium = Native.load(name, Libsodium.class);
        if (sodium.sodium_init() >= 0) {
          return sodium;
        }
      } catch (UnsatisfiedLinkError e) {
        // try the next name
      }
    }
    return null;
  }
}
