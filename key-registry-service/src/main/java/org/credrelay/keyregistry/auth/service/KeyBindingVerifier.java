package org.credrelay.keyregistry.auth.service;

import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.springframework.stereotype.Component;

/**
 * Checks a holder's key binding proof: a signature by the holder's authentication key over {@link
 * KeyBinding#bytes}, which proves possession of that key and binds both keys to the token.
 */
@Component
public class KeyBindingVerifier {

  /**
   * @return the proof to record with the connection's key events
   * @throws RegistryException UNAUTHENTICATED / BAD_KEY_BINDING_PROOF
   */
  public EventAuthorization verify(
      String token, PublicKeyJwk authenticationKey, PublicKeyJwk communicationKey, byte[] proof) {
    byte[] bound = KeyBinding.bytes(token, authenticationKey.kid(), communicationKey.kid());
    if (proof.length == 0 || !authenticationKey.verifySignature(bound, proof)) {
      throw new RegistryException(
          Reason.BAD_KEY_BINDING_PROOF,
          "key_binding_proof is not a signature by authentication_key over the key binding bytes");
    }
    return new EventAuthorization(authenticationKey.kid(), "", "", 0, bound, proof);
  }
}
