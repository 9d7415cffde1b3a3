package org.credrelay.keyregistry.support;

import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;

/** A DID with fresh keys, unique per test (tests share one database). */
public record TestDid(String did, KeyPairJwk authentication, KeyPairJwk communication) {

  public static TestDid create() {
    return new TestDid(
        "did:example:" + UUID.randomUUID().toString().replace("-", ""),
        Keys.generate(KeyCurve.ED25519),
        Keys.generate(KeyCurve.X25519));
  }

  /** Same DID, secp256k1 authentication key and P-256 communication key. */
  public static TestDid createWithNistAndK1() {
    return new TestDid(
        "did:example:" + UUID.randomUUID().toString().replace("-", ""),
        Keys.generate(KeyCurve.SECP256K1),
        Keys.generate(KeyCurve.P_256));
  }
}
