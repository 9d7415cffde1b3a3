package org.credrelay.bench.env;

import org.credrelay.e2ecrypto.keys.KeyPairJwk;

/**
 * A holder that accepted one connection token of an issuer (AddConnectionFromToken): its
 * communication key is ACTIVE in the key registry for {@code connectionId}.
 */
public record Holder(KeyPairJwk authentication, KeyPairJwk communication, String connectionId) {

  /** The holder's identity at the connector (sender/recipient id of its messages). */
  public String id() {
    return authentication.kid();
  }
}
