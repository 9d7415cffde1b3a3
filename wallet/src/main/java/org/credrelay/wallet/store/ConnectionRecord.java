package org.credrelay.wallet.store;

import java.time.Instant;

/**
 * One connection as the wallet stores it.
 *
 * @param connectionId the connector's id of the connection
 * @param token the invitation's connection token
 * @param issuerDid the issuer DID from the invitation (checked against the connector and the
 *     handshake)
 * @param issuerName the participant name the connector reported
 * @param status where the handshake stands
 * @param communicationKey the holder's private communication JWK for this connection
 * @param pending what is needed to verify the issuer's reply; null once the handshake ended (the
 *     invitation secret is erased then)
 * @param issuerCommunicationKey the issuer's communication JWK pinned by the handshake, or null
 * @param issuerAuthenticationKey the issuer's authentication JWK pinned by the handshake, or null
 * @param safetyNumber the 60 digits over both sides' keys, or null before verification
 * @param failure why the handshake failed ("REASON: detail"), or null
 * @param acceptedAt when the wallet accepted the invitation
 * @param verifiedAt when the handshake verified, or null
 */
public record ConnectionRecord(String connectionId, String token, String issuerDid,
    String issuerName, Status status, String communicationKey, PendingHandshake pending,
    String issuerCommunicationKey, String issuerAuthenticationKey, String safetyNumber,
    String failure, Instant acceptedAt, Instant verifiedAt) {

  /** Lifecycle of a connection in the wallet. */
  public enum Status {
    /** Accepted at the connector, hello sent, waiting for the issuer's confirmation. */
    HANDSHAKE_PENDING,
    /** The issuer's keys are pinned; credentials are accepted from its communication key only. */
    VERIFIED,
    /** The issuer's reply failed a check; nothing is accepted on this connection. */
    HANDSHAKE_FAILED,
    /** The connector delivered issuer keys that the handshake does not prove (S3). */
    KEY_MISMATCH
  }

  /** This connection with the issuer's keys pinned and the invitation secret erased. */
  public ConnectionRecord verified(String issuerCommunicationJwk, String issuerAuthenticationJwk,
      String safetyNumberDigits, Instant at) {
    return new ConnectionRecord(connectionId, token, issuerDid, issuerName, Status.VERIFIED,
        communicationKey, null, issuerCommunicationJwk, issuerAuthenticationJwk, safetyNumberDigits,
        null, acceptedAt, at);
  }

  /** This connection marked failed, with the invitation secret erased. */
  public ConnectionRecord failed(Status newStatus, String why) {
    return new ConnectionRecord(connectionId, token, issuerDid, issuerName, newStatus,
        communicationKey, null, null, null, null, why, acceptedAt, null);
  }
}
