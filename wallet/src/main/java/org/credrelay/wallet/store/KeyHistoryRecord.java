package org.credrelay.wallet.store;

import java.time.Instant;
import java.util.Map;

/**
 * What the wallet remembers of one key owner's verified key event log (S8), stored in the encrypted
 * state so that a restart still detects a rewritten history.
 *
 * @param owner the issuer DID
 * @param headSequence sequence number of the last verified head (0: never verified)
 * @param headHash event hash of that head ("" if never verified)
 * @param checkedAt when the log was last fetched and verified, or null
 * @param failure why the log was rejected ("PROBLEM at sequence N: detail"), or null; once set it
 *     stays: nothing is accepted from the owner's keys any more
 * @param revokedKeys every key id the verified log showed revoked, with the instant it is revoked
 *     from, so that a registry that is unreachable later cannot make a retired key usable again
 */
public record KeyHistoryRecord(
    String owner,
    long headSequence,
    String headHash,
    Instant checkedAt,
    String failure,
    Map<String, Instant> revokedKeys) {

  public KeyHistoryRecord {
    revokedKeys = revokedKeys == null ? Map.of() : Map.copyOf(revokedKeys);
  }

  /** This record with the log rejected for {@code why}; the head stays the last good one. */
  public KeyHistoryRecord rejected(String why) {
    return new KeyHistoryRecord(owner, headSequence, headHash, checkedAt, why, revokedKeys);
  }
}
