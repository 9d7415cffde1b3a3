package org.credrelay.issuergateway.crypto;

/** What an at-rest ciphertext holds; part of its associated data so purposes cannot be swapped. */
public enum AtRestPurpose {
  TENANT_PRIVATE_KEY("tenant-private-key"),
  INVITATION_URI("invitation-uri"),
  CREDENTIAL_DOCUMENT("credential-document"),
  WEBHOOK_SECRET("webhook-secret"),
  WEBHOOK_PREVIOUS_SECRET("webhook-previous-secret"),
  /** The inner {@code AtalaMessage{credential_revoked}} of a revocation notice, until sealed. */
  REVOCATION_NOTICE("revocation-notice");

  private final String label;

  AtRestPurpose(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
