package org.credrelay.issuergateway.connectorclient;

import org.credrelay.e2ecrypto.keys.KeyPairJwk;

/**
 * Who signs a request to the connector: a DID and its ACTIVE authentication key pair. Declared here
 * so that the clients need no feature's types (the tenant's {@code IssuerIdentity} is one).
 */
public interface SigningIdentity {

  String did();

  KeyPairJwk authenticationKey();
}
