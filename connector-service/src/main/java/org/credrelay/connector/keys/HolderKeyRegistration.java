package org.credrelay.connector.keys;

import java.util.UUID;

/**
 * The holder keys that AddConnectionFromToken hands to the key registry.
 *
 * @param authenticationJwk public JWK JSON of the holder's authentication key
 * @param communicationJwk public JWK JSON of the holder's communication key
 * @param keyBindingProof the holder's signature over the key binding bytes
 */
public record HolderKeyRegistration(
    UUID connectionId,
    String token,
    String authenticationJwk,
    String communicationJwk,
    byte[] keyBindingProof) {}
