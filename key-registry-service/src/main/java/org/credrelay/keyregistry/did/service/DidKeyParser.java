package org.credrelay.keyregistry.did.service;

import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.did.Did;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.key.NewKey;
import org.credrelay.keyregistry.key.service.PublicKeyParser;
import org.springframework.stereotype.Component;

/**
 * Parses a DID's key ({@link PublicKeyParser}) with the DID kid rule on top: its kid is its
 * thumbprint or a DID URL of that DID ({@code <did>#fragment}), so no DID can claim kids in another
 * DID's namespace.
 */
@Component
public class DidKeyParser {

  private final PublicKeyParser parser;

  public DidKeyParser(PublicKeyParser parser) {
    this.parser = parser;
  }

  /** Parses a key for a DID. */
  public NewKey forDid(String jwk, KeyUsage usage, Did did, String field) {
    NewKey key = parser.parse(jwk, usage, KidPolicy.ANY_WELL_FORMED, field);
    String kid = key.keyId();
    if (!kid.equals(key.jwk().thumbprint()) && !did.isOwnDidUrl(kid)) {
      throw new RegistryException(
          Reason.KID_NOT_OF_THIS_DID,
          field
              + ": kid must be the key's RFC 7638 thumbprint or a DID URL of "
              + did
              + " (<did>#...)");
    }
    return key;
  }

  /**
   * Parses a key for a DID whose usage follows from its curve (rotation: the caller compares it
   * with the usage of the key being replaced).
   */
  public NewKey forDidAnyUsage(String jwk, Did did, String field) {
    try {
      return forDid(jwk, KeyUsage.COMMUNICATION, did, field);
    } catch (RegistryException e) {
      if (e.reason() != Reason.WRONG_CURVE_FOR_USE) {
        throw e;
      }
      return forDid(jwk, KeyUsage.AUTHENTICATION, did, field);
    }
  }
}
