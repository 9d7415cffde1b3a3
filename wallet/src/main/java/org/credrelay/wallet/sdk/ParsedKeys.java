package org.credrelay.wallet.sdk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * The wallet's stored communication keys, parsed once per JWK: a parse validates the point and
 * derives the public key from the private one, which cost as much as opening or sealing a message
 * when repeated for each. Shared by the opening of messages and the sealing of delivery receipts;
 * few entries (one per connection and key rotation).
 */
final class ParsedKeys {

  private final Map<String, KeyPairJwk> own = new ConcurrentHashMap<>();
  private final Map<String, PublicKeyJwk> peers = new ConcurrentHashMap<>();

  /** The wallet's own key pair stored as {@code privateJwk}. */
  KeyPairJwk own(String privateJwk) throws KeyRejectedException {
    KeyPairJwk parsed = own.get(privateJwk);
    if (parsed == null) {
      parsed = KeyPairJwk.parse(privateJwk, KeyUse.COMMUNICATION);
      own.put(privateJwk, parsed);
    }
    return parsed;
  }

  /** An issuer's communication key stored as {@code jwk}. */
  PublicKeyJwk peer(String jwk) throws KeyRejectedException {
    PublicKeyJwk parsed = peers.get(jwk);
    if (parsed == null) {
      parsed = Keys.parsePublic(jwk, KeyUse.COMMUNICATION);
      peers.put(jwk, parsed);
    }
    return parsed;
  }
}
