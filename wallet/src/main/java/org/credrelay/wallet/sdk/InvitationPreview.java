package org.credrelay.wallet.sdk;

import java.time.Instant;
import java.util.Optional;

/**
 * What an invitation says and the connector confirms, before anything is accepted.
 *
 * @param issuerDid the issuer DID of the invitation (equal to the token's participant at the
 *     connector)
 * @param issuerName the issuer name the invitation carries (the one to show), or null
 * @param connectorIssuerName the participant name the connector reports (unauthenticated), or null
 * @param expiresAt when the invitation expires
 */
public record InvitationPreview(
    String issuerDid, String issuerName, String connectorIssuerName, Instant expiresAt) {

  /**
   * A warning when the connector names the issuer differently; see {@link
   * Connection#issuerNameWarning()}.
   */
  public Optional<String> issuerNameWarning() {
    return IssuerNames.warning(issuerName, connectorIssuerName);
  }
}
