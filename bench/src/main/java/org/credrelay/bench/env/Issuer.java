package org.credrelay.bench.env;

import org.credrelay.e2ecrypto.keys.KeyPairJwk;

/** A participant registered in the key registry (RegisterDid) and at the connector. */
public record Issuer(String did, KeyPairJwk authentication, KeyPairJwk communication) {}
