package org.credrelay.issuergateway.crypto;

/** A stored ciphertext did not decrypt: a configuration error or tampering, never user input. */
public final class AtRestDecryptionException extends RuntimeException {

  public AtRestDecryptionException(String message) {
    super(message);
  }
}
