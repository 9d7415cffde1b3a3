package org.credrelay.e2ecrypto.signing;

import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.BAD_SIGNATURE;
import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.MALFORMED;

import java.nio.charset.StandardCharsets;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Signatures over an arbitrary challenge or payload with an authentication key, e.g. a key event
 * for the registry or a challenge issued by a service. Signed bytes: {@code
 * ASCII("credrelay-pop-v1") 0x0A purpose 0x0A payload}. The distinct prefix and the purpose keep
 * such a signature from ever being valid as a request signature or for another purpose.
 */
public final class ProofOfPossession {

  static final String VERSION = "credrelay-pop-v1";

  private ProofOfPossession() {}

  /**
   * @param purpose what the signature is for, e.g. "register-key" (1-128 visible ASCII characters)
   * @return base64url of the 64-byte signature
   */
  public static String sign(KeyPairJwk key, String purpose, byte[] payload) {
    return Base64Url.encode(key.sign(signedBytes(purpose, payload)));
  }

  /**
   * @throws RequestSignatureException MALFORMED or BAD_SIGNATURE
   */
  public static void verify(PublicKeyJwk key, String purpose, byte[] payload, String signature)
      throws RequestSignatureException {
    if (signature == null || !Base64Url.isCanonical(signature, 64, 64)) {
      throw new RequestSignatureException(MALFORMED, "signature must be base64url of 64 bytes");
    }
    if (!key.verifySignature(signedBytes(purpose, payload), Base64Url.decode(signature))) {
      throw new RequestSignatureException(BAD_SIGNATURE, "proof of possession does not verify");
    }
  }

  private static byte[] signedBytes(String purpose, byte[] payload) {
    if (!Digests.isVisibleAscii(purpose, 128)) {
      throw new IllegalArgumentException("purpose must be 1-128 visible ASCII characters");
    }
    String head = VERSION + "\n" + purpose + "\n";
    return Digests.concat(head.getBytes(StandardCharsets.US_ASCII), payload);
  }
}
