package org.credrelay.issuergateway.tenant;

import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.issuergateway.connectorclient.SigningIdentity;

/**
 * A tenant's DID with its decrypted ACTIVE key pairs, for signing requests and sealing envelopes.
 * Obtain it per operation; the only long-lived copies are those of {@code
 * tenant.service.IssuerIdentityCache}, which drops them when the keys rotate. Never log it ({@link
 * #toString()} is redacted).
 */
public record IssuerIdentity(
    UUID tenantId, String did, KeyPairJwk authenticationKey, KeyPairJwk communicationKey)
    implements SigningIdentity {

  @Override
  public String toString() {
    return "IssuerIdentity[" + did + ", keys redacted]";
  }
}
