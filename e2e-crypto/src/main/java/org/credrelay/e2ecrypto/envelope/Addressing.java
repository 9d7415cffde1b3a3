package org.credrelay.e2ecrypto.envelope;

import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Which DIDs name the sender and the recipients of a DIDComm message (PROTOCOL.md section 3.5): an
 * issuer by its DID, its key as {@code <DID>#<kid>}; a holder, who has no registered DID, by the
 * {@code did:key} of its communication key, so that no registry is needed to name it.
 *
 * @param senderDid the sender's DID, or null for the did:key of the sender key
 * @param recipientDid the recipients' DID, or null for the did:key of each recipient key
 */
public record Addressing(String senderDid, String recipientDid) {

  /** An issuer (by its DID) writes to a holder (by did:key). */
  public static Addressing issuerToHolder(String issuerDid) {
    return new Addressing(requireDid(issuerDid), null);
  }

  /** A holder (by did:key) writes to an issuer (by its DID). */
  public static Addressing holderToIssuer(String issuerDid) {
    return new Addressing(null, requireDid(issuerDid));
  }

  /** Both sides by the did:key of their keys (peers without registered DIDs, tests, benchmarks). */
  public static Addressing byKeys() {
    return new Addressing(null, null);
  }

  String senderKid(PublicKeyJwk key) {
    return DidUrls.of(senderDid, key);
  }

  String recipientKid(PublicKeyJwk key) {
    return DidUrls.of(recipientDid, key);
  }

  private static String requireDid(String did) {
    if (did == null || !did.startsWith("did:") || did.indexOf('#') >= 0) {
      throw new IllegalArgumentException("expected a DID without fragment, got " + did);
    }
    return did;
  }
}
