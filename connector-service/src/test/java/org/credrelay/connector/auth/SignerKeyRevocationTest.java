package org.credrelay.connector.auth;

import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.junit.jupiter.api.Test;

/**
 * A signer key that has verified calls is held parsed, with its Ed25519 point decoded (decision
 * 0060-edverify); that must not let it keep verifying once the registry no longer lists it ACTIVE.
 * The registry double answers with max age 0 here, so the refusal comes on the next call.
 */
class SignerKeyRevocationTest extends ConnectorIntegrationTest {

  @Test
  void aKeyThatVerifiedCalls_isRefusedOnceRevoked() {
    TestParty issuer = registeredIssuer();
    newToken(issuer); // verified with the key: parsed and decoded by now

    registry.revoke(issuer.authentication().kid());

    assertRefused(
        () ->
            issuer
                .stub(channel)
                .generateConnectionToken(
                    GenerateConnectionTokenRequest.newBuilder().setCount(1).build()),
        ErrorReason.REQUEST_NOT_AUTHENTICATED);
  }
}
