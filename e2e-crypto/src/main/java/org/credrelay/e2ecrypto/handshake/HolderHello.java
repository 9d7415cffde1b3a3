package org.credrelay.e2ecrypto.handshake;

import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * The holder's first handshake message and the state needed to check the issuer's reply. A wallet
 * that may restart before the reply arrives stores these fields (the invitation with its secret
 * belongs in encrypted storage) and rebuilds the record.
 *
 * @param jwt the compact HS256 JWT to send to the issuer
 * @param nonce the holder's nonce, which the issuer must echo
 * @param invitation the invitation being accepted
 * @param communicationKey the holder's communication key sent in the JWT
 * @param authenticationKey the holder's authentication key sent in the JWT
 */
public record HolderHello(
    String jwt,
    String nonce,
    Invitation invitation,
    PublicKeyJwk communicationKey,
    PublicKeyJwk authenticationKey) {}
