package org.credrelay.e2ecrypto.signing;

import java.nio.charset.StandardCharsets;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * The key binding proof a holder sends with {@code AddConnectionFromToken} (docs/PROTOCOL.md §5.8):
 * its authentication key signs
 *
 * <pre>
 * ASCII("credrelay-key-binding-v1") 0x0A token 0x0A authentication-kid 0x0A communication-kid
 * </pre>
 *
 * so the communication key is vouched for by the authentication key on this very token. Token and
 * kids are visible ASCII, so the framing is unambiguous. The proof is the raw 64-byte signature
 * (§1.6). Wallet, connector and key registry all build the bytes here.
 */
public final class KeyBinding {

  /** First line of the signed bytes. */
  public static final String VERSION = "credrelay-key-binding-v1";

  private KeyBinding() {}

  /** The bytes the authentication key signs. */
  public static byte[] bytes(String token, String authenticationKid, String communicationKid) {
    return (VERSION + "\n" + token + "\n" + authenticationKid + "\n" + communicationKid)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The holder's proof for {@code token}. */
  public static byte[] sign(
      KeyPairJwk authenticationKey, String token, PublicKeyJwk communicationKey) {
    requireUse(authenticationKey.use(), communicationKey);
    return authenticationKey.sign(bytes(token, authenticationKey.kid(), communicationKey.kid()));
  }

  /**
   * Whether {@code proof} is the authentication key's binding of the communication key to the
   * token.
   */
  public static boolean verify(
      PublicKeyJwk authenticationKey, String token, PublicKeyJwk communicationKey, byte[] proof) {
    requireUse(authenticationKey.use(), communicationKey);
    return authenticationKey.verifySignature(
        bytes(token, authenticationKey.kid(), communicationKey.kid()), proof);
  }

  private static void requireUse(KeyUse authenticationUse, PublicKeyJwk communicationKey) {
    if (authenticationUse != KeyUse.AUTHENTICATION
        || communicationKey.use() != KeyUse.COMMUNICATION) {
      throw new IllegalArgumentException(
          "a key binding is an authentication key vouching for a " + "communication key");
    }
  }
}
