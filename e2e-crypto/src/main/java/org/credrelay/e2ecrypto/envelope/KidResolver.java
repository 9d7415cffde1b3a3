package org.credrelay.e2ecrypto.envelope;

import java.util.Collection;
import java.util.Optional;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Maps the kids of a JWE to the receiver's own keys and to the pinned sender keys. Only keys the
 * receiver already holds can match: nothing is ever fetched or trusted because of a DID.
 */
interface KidResolver {

  Optional<KeyPairJwk> recipient(String kid);

  Optional<PublicKeyJwk> sender(String skid, KeyCurve curve);

  /** Kids equal to the keys' own kids (foreign JWEs such as the DIDComm specification vectors). */
  static KidResolver literal(KeyRing ring, Collection<PublicKeyJwk> pinned) {
    return new KidResolver() {
      @Override
      public Optional<KeyPairJwk> recipient(String kid) {
        return ring.find(kid);
      }

      @Override
      public Optional<PublicKeyJwk> sender(String skid, KeyCurve curve) {
        return pinned.stream()
            .filter(key -> key.kid().equals(skid) && key.curve() == curve)
            .findFirst();
      }
    };
  }

  /** Kids that are DID URLs naming the keys ({@link DidUrls#names}); bare kids match nothing. */
  static KidResolver didUrls(KeyRing ring, Collection<PublicKeyJwk> pinned) {
    return new KidResolver() {
      @Override
      public Optional<KeyPairJwk> recipient(String kid) {
        return ring.keys().stream().filter(key -> DidUrls.names(kid, key.publicKey())).findFirst();
      }

      @Override
      public Optional<PublicKeyJwk> sender(String skid, KeyCurve curve) {
        return pinned.stream()
            .filter(key -> key.curve() == curve && DidUrls.names(skid, key))
            .findFirst();
      }
    };
  }
}
