package org.credrelay.connector.auth.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Parsed verification keys by a string that determines them (the JWK text, or a holder key id,
 * which is the key's thumbprint). Parsing a JWK validates the point, which costs about as much as
 * checking a signature (measured in bench scenario 1), and the same few keys sign almost every
 * request. The mapping is a pure function, so a hit is always correct; whether a participant's key
 * may still be used is decided per request by the registry lookup that produces its text. A failed
 * load (unknown key) is not remembered.
 */
final class VerificationKeyCache {

  private final Map<String, PublicKeyJwk> keys;

  VerificationKeyCache(int capacity) {
    this.keys = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PublicKeyJwk> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized PublicKeyJwk get(String jwk, Function<String, PublicKeyJwk> parser) {
    PublicKeyJwk key = keys.get(jwk);
    if (key == null) {
      key = parser.apply(jwk);
      keys.put(jwk, key);
    }
    return key;
  }
}
