package org.credrelay.connector.connection;

import java.time.Instant;
import java.util.UUID;

/**
 * A connection between a participant (by DID) and a holder (by authentication key id).
 *
 * @param storedState INVITED, CONNECTED or REVOKED as stored; see {@link #state(Instant)}
 * @param refusedAccepts how many acceptances of the token were refused (used or expired)
 */
public record Connection(
    UUID id,
    String token,
    String participantDid,
    String holderKeyId,
    ConnectionState storedState,
    Instant createdAt,
    Instant tokenExpiresAt,
    Instant connectedAt,
    Instant revokedAt,
    int refusedAccepts,
    Instant lastRefusedAt) {

  /** A fresh INVITED connection for a new token. */
  public static Connection invited(
      UUID id, String token, String participantDid, Instant createdAt, Instant tokenExpiresAt) {
    return new Connection(
        id,
        token,
        participantDid,
        null,
        ConnectionState.INVITED,
        createdAt,
        tokenExpiresAt,
        null,
        null,
        0,
        null);
  }

  /** The state as seen at {@code now}: an INVITED connection past its token expiry is EXPIRED. */
  public ConnectionState state(Instant now) {
    if (storedState == ConnectionState.INVITED && !now.isBefore(tokenExpiresAt)) {
      return ConnectionState.EXPIRED;
    }
    return storedState;
  }

  /** Whether {@code callerId} (a DID or a holder key id) is one of the two sides. */
  public boolean hasSide(String callerId) {
    return participantDid.equals(callerId) || callerId.equals(holderKeyId);
  }

  /** The other side of {@code callerId}; only meaningful for a CONNECTED connection. */
  public String otherSide(String callerId) {
    return participantDid.equals(callerId) ? holderKeyId : participantDid;
  }
}
