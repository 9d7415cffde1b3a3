package org.credrelay.wallet.store;

import java.time.Instant;

/**
 * A received credential as stored.
 *
 * @param credentialId the issuer-assigned id (unique per issuer)
 * @param connectionId the connection it arrived on
 * @param issuerDid the issuer of that connection
 * @param mediaType e.g. application/vc+json
 * @param document the credential document
 * @param issuedAtMillis when the issuer accepted it for delivery
 * @param messageId the connector message that carried it
 * @param receivedAt when the wallet stored it
 * @param revokedAt when the issuer revoked it, or null
 * @param revocationReason the issuer's reason, or null
 */
public record CredentialRecord(String credentialId, String connectionId, String issuerDid,
    String mediaType, byte[] document, long issuedAtMillis, String messageId, Instant receivedAt,
    Instant revokedAt, String revocationReason) {

  public CredentialRecord revoked(Instant at, String reason) {
    return new CredentialRecord(credentialId, connectionId, issuerDid, mediaType, document,
        issuedAtMillis, messageId, receivedAt, at, reason);
  }
}
