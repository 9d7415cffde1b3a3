package org.credrelay.wallet.registry;

import java.util.Optional;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyhistory.VerifiedKeyHistory.KeyState;

/**
 * The verified status of one key of an issuer DID (S8), from {@link IssuerKeyHistory#check}.
 *
 * @param owner the issuer DID
 * @param keyId the key asked about
 * @param status what the verified log says about the key
 * @param key the key as the verified log describes it (public key, usage, added and revoked
 *     instants: {@link KeyState#statusAt} answers "was it ACTIVE when ...?"), or null
 * @param head the head of the verified log the answer rests on ({@link LogHead#EMPTY} if none)
 * @param detail a human-readable reason for anything but ACTIVE ("" for ACTIVE)
 */
public record KeyCheck(
    String owner, String keyId, Status status, KeyState key, LogHead head, String detail) {

  /** What the verified key history says about a key. */
  public enum Status {
    /** The verified log has the key and it is ACTIVE now. */
    ACTIVE,
    /** The verified log shows the key revoked (or rotated out with its grace period over). */
    REVOKED,
    /** The verified log does not contain the key (or it is not yet valid). */
    UNKNOWN_KEY,
    /**
     * The log was rewritten, truncated, rolled back behind the pinned head, badly signed or
     * reactivates a retired key: nothing of this owner is trusted any more (sticky).
     */
    HISTORY_REJECTED,
    /**
     * No verified log to decide on: no key registry is configured, or it was unreachable and the
     * owner was never verified. The caller decides (the wallet keeps the handshake's pin).
     */
    NOT_CHECKED
  }

  /** True if the key may be used: ACTIVE, or NOT_CHECKED (no evidence against it). */
  public boolean usable() {
    return status == Status.ACTIVE || status == Status.NOT_CHECKED;
  }

  public Optional<KeyState> keyState() {
    return Optional.ofNullable(key);
  }
}
