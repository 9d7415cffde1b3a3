package org.credrelay.wallet.sdk;

import java.time.Instant;
import java.util.Optional;
import org.credrelay.e2ecrypto.keys.SafetyNumber;

/**
 * A connection to an issuer, as the wallet sees it.
 *
 * @param connectionId the wallet's own id of the connection (generated locally)
 * @param connectorConnectionId the connector's id of the connection
 * @param issuerDid the issuer's DID (from the invitation, confirmed by the connector and the
 *     handshake)
 * @param issuerName the issuer name the invitation carries, or null if it carries none: the name to
 *     show, because it comes from what the holder scanned, not from the connector
 * @param connectorIssuerName the name the connector reported for the issuer (unauthenticated), or
 *     null
 * @param status where the handshake stands
 * @param safetyNumber over both sides' keys, for an out-of-band comparison; null unless VERIFIED
 * @param failure why the handshake failed, or null
 * @param acceptedAt when the invitation was accepted
 * @param verifiedAt when the handshake verified, or null
 * @param communicationKeyId the kid of the wallet's own communication key on this connection
 * @param issuerCommunicationKeyId the kid of the issuer communication key pinned (by the handshake
 *     or the latest confirmed rotation announcement), or null before VERIFIED
 * @param retiredIssuerKeyId the kid of the rotated-out issuer key still accepted for messages
 *     sealed before the rotation, or null
 * @param communicationCurve the curve of the connection's communication keys ({@code X25519} or
 *     {@code P-256}): the wallet's own key and the issuer key it pins are both on it
 * @param issuerAuthenticationKeyId the kid of the issuer authentication key pinned (by the
 *     handshake or the latest confirmed authentication-key announcement), or null before VERIFIED
 */
public record Connection(
    String connectionId,
    String connectorConnectionId,
    String issuerDid,
    String issuerName,
    String connectorIssuerName,
    ConnectionStatus status,
    SafetyNumber safetyNumber,
    String failure,
    Instant acceptedAt,
    Instant verifiedAt,
    String communicationKeyId,
    String issuerCommunicationKeyId,
    String retiredIssuerKeyId,
    String communicationCurve,
    String issuerAuthenticationKeyId) {

  public Optional<SafetyNumber> fingerprint() {
    return Optional.ofNullable(safetyNumber);
  }

  /**
   * A warning to show next to the issuer when the connector names it differently from the
   * invitation (a connector relabelling an issuer, PROTOCOL.md 6 step 1); empty otherwise.
   */
  public Optional<String> issuerNameWarning() {
    return IssuerNames.warning(issuerName, connectorIssuerName);
  }
}
