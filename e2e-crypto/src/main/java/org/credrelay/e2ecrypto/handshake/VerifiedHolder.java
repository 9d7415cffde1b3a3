package org.credrelay.e2ecrypto.handshake;

import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * A holder whose handshake JWT verified: its keys are proven to come from whoever holds the
 * invitation secret (S4: credentials go only to these keys).
 *
 * @param communicationKey the holder's communication key
 * @param authenticationKey the holder's authentication key (its kid is the holder's key id)
 * @param nonce the holder's nonce, echoed in the issuer's reply
 */
public record VerifiedHolder(
    PublicKeyJwk communicationKey, PublicKeyJwk authenticationKey, String nonce) {}
