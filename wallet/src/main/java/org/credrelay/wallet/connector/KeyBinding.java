package org.credrelay.wallet.connector;

import java.nio.charset.StandardCharsets;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * The {@code key_binding_proof} of AddConnectionFromToken (docs/PROTOCOL.md §2.4): the raw 64-byte
 * signature by the holder's authentication key over
 *
 * <pre>
 * ASCII("credrelay-key-binding-v1") 0x0A token 0x0A authentication-kid 0x0A communication-kid
 * </pre>
 *
 * It proves that the key that signs the request also vouches for the communication key, for this
 * token only. (e2e-crypto's {@code ProofOfPossession} uses another prefix, so it is not used here.)
 */
public final class KeyBinding {

  public static final String VERSION = "credrelay-key-binding-v1";

  private KeyBinding() {}

  public static byte[] bytes(String token, String authenticationKid, String communicationKid) {
    return (VERSION + "\n" + token + "\n" + authenticationKid + "\n" + communicationKid)
        .getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] sign(KeyPairJwk authenticationKey, String token,
      PublicKeyJwk communicationKey) {
    return authenticationKey.sign(bytes(token, authenticationKey.kid(), communicationKey.kid()));
  }
}
