package org.credrelay.keyregistry.key.service;

import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.key.NewKey;
import org.springframework.stereotype.Component;

/**
 * Turns JWK text from a request into a {@link NewKey}, or refuses it with INVALID_ARGUMENT and the
 * e2e-crypto reason (oversized, malformed, wrong curve for the usage, point not on the curve,
 * low-order point, private members, bad kid). All point validation is e2e-crypto's {@link
 * PublicKeyJwk#parse(String, org.credrelay.e2ecrypto.keys.KeyUse, KidPolicy)}.
 *
 * <p>A holder's connection key has its thumbprint as kid; a DID's key rules are {@code
 * did.service.DidKeyParser}'s.
 */
@Component
public class PublicKeyParser {

  /** Parses a holder key for a connection: the kid must be the thumbprint (or absent). */
  public NewKey forConnection(String jwk, KeyUsage usage, String field) {
    return parse(jwk, usage, KidPolicy.THUMBPRINT_ONLY, field);
  }

  /** Parses a key of {@code usage} whose kid follows {@code policy}. */
  public NewKey parse(String jwk, KeyUsage usage, KidPolicy policy, String field) {
    if (jwk == null || jwk.isEmpty()) {
      throw new RegistryException(Reason.MISSING_FIELD, field + " is required");
    }
    try {
      return new NewKey(PublicKeyJwk.parse(jwk, usage.cryptoUse(), policy));
    } catch (KeyRejectedException e) {
      throw new RegistryException(Reason.of(e.reason()), field + ": " + e.getMessage());
    }
  }
}
