package org.credrelay.keyregistry.key;

import java.util.Objects;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.keyhistory.KeyUsage;

/**
 * A public key that passed every check at the edge (syntax, curve for usage, point validation, no
 * private members, size, kid rules) and is ready to be registered.
 *
 * @param jwk the parsed key; {@link PublicKeyJwk#toJson()} is what is stored and served
 */
public record NewKey(PublicKeyJwk jwk) {

  public NewKey {
    Objects.requireNonNull(jwk);
  }

  public String keyId() {
    return jwk.kid();
  }

  public KeyUsage usage() {
    return KeyUsage.of(jwk.use());
  }

  /** JWK {@code crv}, e.g. {@code X25519}. */
  public String curve() {
    return jwk.curve().crv();
  }

  /** The normalised public JWK (kty, crv, x, y, kid) as compact JSON. */
  public String publicJwk() {
    return jwk.toJson();
  }
}
