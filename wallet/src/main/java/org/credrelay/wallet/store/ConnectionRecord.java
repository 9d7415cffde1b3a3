package org.credrelay.wallet.store;

import java.time.Instant;

/**
 * One connection as the wallet stores it.
 *
 * @param connectionId the wallet's own id of the connection, generated locally: what the SDK, the
 *     CLI and stored credentials use, so that nothing the connector answers can make two
 *     connections share an id
 * @param connectorConnectionId the connector's id of the connection: what connector calls and
 *     envelopes name (unique in the wallet; an acceptance answered with a known one is refused)
 * @param token the invitation's connection token
 * @param issuerDid the issuer DID from the invitation (checked against the connector and the
 *     handshake)
 * @param issuerName the issuer name the invitation carries (what the holder scanned), or null
 * @param connectorIssuerName the participant name the connector reported (unauthenticated), or
 *     null; shown only as a warning where it differs from {@code issuerName}
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
 * @param retiredIssuerKey the issuer communication key replaced by the latest verified rotation
 *     announcement, still accepted for messages sealed before the rotation until its grace period
 *     ends; null if none (absent in state files written before key rotation)
 */
public record ConnectionRecord(
    String connectionId,
    String connectorConnectionId,
    String token,
    String issuerDid,
    String issuerName,
    String connectorIssuerName,
    Status status,
    String communicationKey,
    PendingHandshake pending,
    String issuerCommunicationKey,
    String issuerAuthenticationKey,
    String safetyNumber,
    String failure,
    Instant acceptedAt,
    Instant verifiedAt,
    RetiredKey retiredIssuerKey) {

  /** A connection just accepted: its handshake pending, nothing of the issuer's pinned yet. */
  public static ConnectionRecord awaitingHandshake(
      String connectionId,
      String connectorConnectionId,
      String token,
      String issuerDid,
      String issuerName,
      String connectorIssuerName,
      String communicationKey,
      PendingHandshake pending,
      Instant acceptedAt) {
    return new ConnectionRecord(
        connectionId,
        connectorConnectionId,
        token,
        issuerDid,
        issuerName,
        connectorIssuerName,
        Status.HANDSHAKE_PENDING,
        communicationKey,
        pending,
        null,
        null,
        null,
        null,
        acceptedAt,
        null,
        null);
  }

  /**
   * A pinned key replaced by a rotation.
   *
   * @param jwk its public JWK
   * @param rotatedAt when the replacement became ACTIVE at the key registry: messages it sealed
   *     later are refused
   * @param acceptedUntil when the registry revokes it (end of the grace period)
   */
  public record RetiredKey(String jwk, Instant rotatedAt, Instant acceptedUntil) {}

  /** Lifecycle of a connection in the wallet. */
  public enum Status {
    /** Accepted at the connector, hello sent, waiting for the issuer's confirmation. */
    HANDSHAKE_PENDING,
    /** The issuer's keys are pinned; credentials are accepted from its communication key only. */
    VERIFIED,
    /** The issuer's reply failed a check; nothing is accepted on this connection. */
    HANDSHAKE_FAILED,
    /** The connector delivered issuer keys that the handshake does not prove (S3). */
    KEY_MISMATCH,
    /**
     * The issuer side answered the hello with HandshakeRefused (PROTOCOL.md section 4.5). The
     * refusal is not authenticated, so the invitation data is kept: a later confirmation that
     * verifies still completes the handshake.
     */
    HANDSHAKE_REFUSED,
    /**
     * No confirmation arrived within the wallet's handshake timeout. Kept like HANDSHAKE_PENDING: a
     * late confirmation that verifies still completes the handshake.
     */
    HANDSHAKE_TIMED_OUT;

    /** True while an issuer confirmation can still complete the handshake. */
    public boolean awaitsConfirmation() {
      return this == HANDSHAKE_PENDING || this == HANDSHAKE_REFUSED || this == HANDSHAKE_TIMED_OUT;
    }
  }

  /**
   * Records written before local ids existed used the connector's id as the only id; it stays the
   * local id of those connections.
   */
  ConnectionRecord withConnectorIdDefaulted() {
    return connectorConnectionId != null
        ? this
        : new ConnectionRecord(
            connectionId,
            connectionId,
            token,
            issuerDid,
            issuerName,
            connectorIssuerName,
            status,
            communicationKey,
            pending,
            issuerCommunicationKey,
            issuerAuthenticationKey,
            safetyNumber,
            failure,
            acceptedAt,
            verifiedAt,
            retiredIssuerKey);
  }

  /** This connection with the issuer's keys pinned and the invitation secret erased. */
  public ConnectionRecord verified(
      String issuerCommunicationJwk,
      String issuerAuthenticationJwk,
      String safetyNumberDigits,
      Instant at) {
    return new ConnectionRecord(
        connectionId,
        connectorConnectionId,
        token,
        issuerDid,
        issuerName,
        connectorIssuerName,
        Status.VERIFIED,
        communicationKey,
        null,
        issuerCommunicationJwk,
        issuerAuthenticationJwk,
        safetyNumberDigits,
        null,
        acceptedAt,
        at,
        null);
  }

  /**
   * This connection still awaiting the issuer's confirmation, now in {@code newStatus}
   * (HANDSHAKE_REFUSED or HANDSHAKE_TIMED_OUT) with {@code why}; the invitation data is kept.
   */
  public ConnectionRecord stillAwaiting(Status newStatus, String why) {
    if (!newStatus.awaitsConfirmation() || !status.awaitsConfirmation()) {
      throw new IllegalStateException(status + " cannot become " + newStatus);
    }
    return new ConnectionRecord(
        connectionId,
        connectorConnectionId,
        token,
        issuerDid,
        issuerName,
        connectorIssuerName,
        newStatus,
        communicationKey,
        pending,
        null,
        null,
        null,
        why,
        acceptedAt,
        null,
        null);
  }

  /** This connection marked failed, with the invitation secret erased. */
  public ConnectionRecord failed(Status newStatus, String why) {
    return new ConnectionRecord(
        connectionId,
        connectorConnectionId,
        token,
        issuerDid,
        issuerName,
        connectorIssuerName,
        newStatus,
        communicationKey,
        null,
        null,
        null,
        null,
        why,
        acceptedAt,
        null,
        null);
  }

  /**
   * This connection with the issuer's communication key replaced by {@code newJwk}; {@code retired}
   * (or null) is the old key while its grace period lasts.
   */
  public ConnectionRecord issuerKeyRotated(String newJwk, RetiredKey retired) {
    return new ConnectionRecord(
        connectionId,
        connectorConnectionId,
        token,
        issuerDid,
        issuerName,
        connectorIssuerName,
        status,
        communicationKey,
        pending,
        newJwk,
        issuerAuthenticationKey,
        safetyNumber,
        failure,
        acceptedAt,
        verifiedAt,
        retired);
  }

  /** This connection with the holder's own communication key replaced (holder key rotation). */
  public ConnectionRecord ownKeyRotated(String newPrivateJwk) {
    return new ConnectionRecord(
        connectionId,
        connectorConnectionId,
        token,
        issuerDid,
        issuerName,
        connectorIssuerName,
        status,
        newPrivateJwk,
        pending,
        issuerCommunicationKey,
        issuerAuthenticationKey,
        safetyNumber,
        failure,
        acceptedAt,
        verifiedAt,
        retiredIssuerKey);
  }

  /**
   * This connection with the issuer's authentication key replaced by {@code newJwk} (a confirmed
   * authentication-key rotation; no retired key is kept: nothing it signed is accepted later).
   */
  public ConnectionRecord issuerAuthenticationKeyRotated(String newJwk) {
    return new ConnectionRecord(
        connectionId,
        connectorConnectionId,
        token,
        issuerDid,
        issuerName,
        connectorIssuerName,
        status,
        communicationKey,
        pending,
        issuerCommunicationKey,
        newJwk,
        safetyNumber,
        failure,
        acceptedAt,
        verifiedAt,
        retiredIssuerKey);
  }

  /** True if the connector reported another issuer name than the invitation carries. */
  public boolean issuerNameDiffers() {
    return connectorIssuerName != null
        && issuerName != null
        && !connectorIssuerName.equals(issuerName);
  }
}
