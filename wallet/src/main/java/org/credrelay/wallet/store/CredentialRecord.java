package org.credrelay.wallet.store;

import java.time.Instant;

/**
 * A received credential's metadata as the wallet state indexes it. The document itself is not part
 * of it: it lives in its own encrypted file and is read on demand ({@link WalletState#document}),
 * so that the state stays small however many credentials it holds.
 *
 * @param credentialId the issuer-assigned id (unique per issuer)
 * @param connectionId the wallet's id of the connection it arrived on
 * @param issuerDid the issuer of that connection
 * @param mediaType e.g. application/vc+json
 * @param issuedAtMillis when the issuer accepted it for delivery
 * @param messageId the connector message that carried it
 * @param receivedAt when the wallet stored it
 * @param revokedAt when the issuer revoked it, or null
 * @param revocationReason the issuer's reason, or null
 */
public record CredentialRecord(
    String credentialId,
    String connectionId,
    String issuerDid,
    String mediaType,
    long issuedAtMillis,
    String messageId,
    Instant receivedAt,
    Instant revokedAt,
    String revocationReason) {

  public CredentialRecord revoked(Instant at, String reason) {
    return new CredentialRecord(
        credentialId,
        connectionId,
        issuerDid,
        mediaType,
        issuedAtMillis,
        messageId,
        receivedAt,
        at,
        reason);
  }
}
