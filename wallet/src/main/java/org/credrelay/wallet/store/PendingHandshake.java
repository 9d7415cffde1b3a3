package org.credrelay.wallet.store;

/**
 * The holder's half of an unfinished handshake, kept so that the issuer's reply can be verified
 * after a restart (e2e-crypto's {@code HolderHello}). Secret: contains the invitation secret.
 *
 * @param invitationUri the invitation as scanned (token, secret, issuer DID, expiry)
 * @param helloJwt the JWT the wallet sent
 * @param helloNonce the nonce the issuer must echo
 */
public record PendingHandshake(String invitationUri, String helloJwt, String helloNonce) {

  @Override
  public String toString() {
    return "PendingHandshake[invitation and JWT redacted]";
  }
}
