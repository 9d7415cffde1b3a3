package org.credrelay.wallet.store;

import java.time.Instant;

/**
 * The holder's own communication key of a connection replaced by a holder key rotation
 * (docs/PROTOCOL.md §7.8), kept while messages sealed to it may still arrive.
 *
 * @param connectionId the wallet's id of the connection
 * @param retiredKey the replaced private communication JWK: the key that seals the announcement and
 *     opens messages the issuer sealed to it before it re-pinned
 * @param rotatedAt when the key registry recorded the rotation
 * @param acceptedUntil when the registry revokes the replaced key (end of the grace period); after
 *     it nothing addressed to that key is opened
 * @param announced whether the connector accepted the announcement to the issuer; false: the next
 *     rotate-key sends it again instead of rotating once more
 */
public record OwnKeyRotation(
    String connectionId,
    String retiredKey,
    Instant rotatedAt,
    Instant acceptedUntil,
    boolean announced) {

  /** This rotation with its announcement accepted by the connector. */
  public OwnKeyRotation markAnnounced() {
    return new OwnKeyRotation(connectionId, retiredKey, rotatedAt, acceptedUntil, true);
  }
}
