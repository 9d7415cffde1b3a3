package org.credrelay.wallet.store;

/**
 * Argon2id cost of deriving the wallet key from the passphrase. Stored in the wallet file header,
 * so a wallet opens with the parameters it was created with.
 *
 * @param memoryKib memory in KiB (8 .. 1048576)
 * @param iterations passes over the memory (1 .. 16)
 * @param parallelism lanes (1 .. 16)
 */
public record KdfParameters(int memoryKib, int iterations, int parallelism) {

  static final int MAX_MEMORY_KIB = 1 << 20;
  static final int MAX_ITERATIONS = 16;
  static final int MAX_PARALLELISM = 16;

  public KdfParameters {
    // Upper bounds also protect open(): the header is read before it can be authenticated.
    if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("memoryKib must be within [8 * parallelism, 1 GiB]");
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be within [1, 16]");
    }
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException("parallelism must be within [1, 16]");
    }
  }

  /** 64 MiB, 3 passes, 1 lane: above the OWASP minimum for Argon2id, well under a second here. */
  public static KdfParameters defaults() {
    return new KdfParameters(64 * 1024, 3, 1);
  }

  /** Cheap parameters for tests only: a passphrase protected this way is easy to brute-force. */
  public static KdfParameters insecureForTests() {
    return new KdfParameters(64, 1, 1);
  }
}
