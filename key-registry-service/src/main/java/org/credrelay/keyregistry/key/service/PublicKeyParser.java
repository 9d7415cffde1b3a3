package org.credrelay.keyregistry.key.service;

import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.keyregistry.did.Did;
import org.credrelay.keyregistry.error.Reasons;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.key.KeyUsage;
import org.credrelay.keyregistry.key.NewKey;
import org.springframework.stereotype.Component;

/**
 * Turns JWK text from a request into a {@link NewKey}, or refuses it with INVALID_ARGUMENT and the
 * e2e-crypto reason (oversized, malformed, wrong curve for the usage, point not on the curve,
 * low-order point, private members, bad kid). All point validation is e2e-crypto's
 * {@link PublicKeyJwk#parse(String, org.credrelay.e2ecrypto.keys.KeyUse, KidPolicy)}.
 *
 * <p>Kid rules on top: a DID's key has its thumbprint as kid or a DID URL of that DID
 * ({@code <did>#fragment}), so no DID can claim kids in another DID's namespace; a holder's
 * connection key has its thumbprint as kid.
 */
@Component
public class PublicKeyParser {

  /** Parses a key for a DID. */
  public NewKey forDid(String jwk, KeyUsage usage, Did did, String field) {
    NewKey key = parse(jwk, usage, KidPolicy.ANY_WELL_FORMED, field);
    String kid = key.keyId();
    if (!kid.equals(key.jwk().thumbprint()) && !did.isOwnDidUrl(kid)) {
      throw RegistryException.invalid(Reasons.KID_NOT_OF_THIS_DID, field
          + ": kid must be the key's RFC 7638 thumbprint or a DID URL of " + did + " (<did>#...)");
    }
    return key;
  }

  /**
   * Parses a key for a DID whose usage follows from its curve (rotation: the caller compares it with
   * the usage of the key being replaced).
   */
  public NewKey forDidAnyUsage(String jwk, Did did, String field) {
    try {
      return forDid(jwk, KeyUsage.COMMUNICATION, did, field);
    } catch (RegistryException e) {
      if (!KeyRejectedException.Reason.WRONG_CURVE_FOR_USE.name().equals(e.reason())) {
        throw e;
      }
      return forDid(jwk, KeyUsage.AUTHENTICATION, did, field);
    }
  }

  /** Parses a holder key for a connection: the kid must be the thumbprint (or absent). */
  public NewKey forConnection(String jwk, KeyUsage usage, String field) {
    return parse(jwk, usage, KidPolicy.THUMBPRINT_ONLY, field);
  }

  private static NewKey parse(String jwk, KeyUsage usage, KidPolicy policy, String field) {
    if (jwk == null || jwk.isEmpty()) {
      throw RegistryException.invalid(Reasons.MISSING_FIELD, field + " is required");
    }
    try {
      return new NewKey(PublicKeyJwk.parse(jwk, usage.cryptoUse(), policy));
    } catch (KeyRejectedException e) {
      throw RegistryException.invalid(e.reason().name(), field + ": " + e.getMessage());
    }
  }
}
