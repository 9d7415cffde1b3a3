package org.credrelay.e2ecrypto.signing;

/**
 * Test-only access to the package-private signed bytes of PROTOCOL.md §2.2, for the published
 * vectors: they show the bytes {@link RequestSigner} really signs, not a second implementation.
 */
public final class SigningInputAccess {

  private SigningInputAccess() {}

  /** {@code "credrelay-request-v1" LF method LF nonce LF timestamp LF request-bytes}. */
  public static byte[] signedBytes(
      String method, String nonce, String timestamp, byte[] requestBytes) {
    return SigningInput.of(method, nonce, timestamp, requestBytes);
  }
}
