package org.credrelay.wallet.sdk;

import java.util.Optional;

/**
 * The rule for issuer names (PROTOCOL.md 6 step 1): the wallet shows the name the invitation
 * carries, together with the issuer DID; the connector's name is unauthenticated, so where it
 * differs it is only mentioned as a warning, never shown as the issuer's name.
 */
final class IssuerNames {

  private IssuerNames() {}

  static Optional<String> warning(String invitationName, String connectorName) {
    if (connectorName == null || connectorName.isEmpty() || connectorName.equals(invitationName)) {
      return Optional.empty();
    }
    if (invitationName == null) {
      return Optional.of(
          "the invitation carries no issuer name; the connector calls the issuer '"
              + connectorName
              + "' (unverified: identify the issuer by its DID)");
    }
    return Optional.of(
        "the connector calls this issuer '"
            + connectorName
            + "' but the "
            + "invitation says '"
            + invitationName
            + "': showing the invitation's name (a connector "
            + "that relabels issuers is not to be trusted)");
  }
}
