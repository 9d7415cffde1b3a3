package org.credrelay.wallet.sdk;

import java.time.Instant;
import java.util.Optional;
import org.credrelay.e2ecrypto.keys.SafetyNumber;

/**
 * A connection to an issuer, as the wallet sees it.
 *
 * @param connectionId the connector's id of the connection
 * @param issuerDid the issuer's DID (from the invitation, confirmed by the connector and the handshake)
 * @param issuerName the issuer's display name as registered at the connector
 * @param status where the handshake stands
 * @param safetyNumber over both sides' keys, for an out-of-band comparison; null unless VERIFIED
 * @param failure why the handshake failed, or null
 * @param acceptedAt when the invitation was accepted
 * @param verifiedAt when the handshake verified, or null
 */
public record Connection(String connectionId, String issuerDid, String issuerName,
    ConnectionStatus status, SafetyNumber safetyNumber, String failure, Instant acceptedAt,
    Instant verifiedAt) {

  public Optional<SafetyNumber> fingerprint() {
    return Optional.ofNullable(safetyNumber);
  }
}
