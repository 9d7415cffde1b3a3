package org.credrelay.wallet.sdk;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A credential received from an issuer.
 *
 * @param credentialId the issuer-assigned id
 * @param connectionId the connection it arrived on
 * @param issuerDid who sent it (the pinned issuer of that connection)
 * @param mediaType e.g. application/vc+json
 * @param document the credential document
 * @param issuedAt when the issuer accepted it for delivery
 * @param receivedAt when the wallet stored it
 * @param revokedAt when the issuer revoked it, or null
 * @param revocationReason the issuer's reason, or null
 */
public record Credential(
    String credentialId,
    String connectionId,
    String issuerDid,
    String mediaType,
    byte[] document,
    Instant issuedAt,
    Instant receivedAt,
    Instant revokedAt,
    String revocationReason) {

  public Credential {
    document = document.clone();
  }

  @Override
  public byte[] document() {
    return document.clone();
  }

  /** The document as UTF-8 text (JSON for application/vc+json). */
  public String documentText() {
    return new String(document, StandardCharsets.UTF_8);
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}
