package org.credrelay.keyhistory;

/** A key event log failed verification; {@link #problem()} says how, {@link #sequence()} where. */
public final class KeyHistoryException extends Exception {

  /** What is wrong with the log. */
  public enum Problem {
    /** An event lacks a field or has a value out of its domain. */
    MALFORMED_EVENT,
    /** Sequence numbers do not run 1, 2, 3, ... */
    SEQUENCE_GAP,
    /** {@code previous_hash} is not the hash of the event before. */
    BROKEN_CHAIN,
    /**
     * {@code event_hash} is not the hash of the event's canonical bytes (the event was altered).
     */
    HASH_MISMATCH,
    /** {@code occurred_at} goes backwards. */
    TIME_REVERSED,
    /** The signature or key binding proof does not verify. */
    BAD_SIGNATURE,
    /**
     * The signer was not an ACTIVE authentication key of the owner (without scheduled revocation).
     */
    SIGNER_NOT_AUTHORISED,
    /** The signed request does not describe this event (other owner, key, type or usage). */
    PAYLOAD_MISMATCH,
    /** A signed request authorises events that are not contiguous (a replayed authorisation). */
    REUSED_AUTHORIZATION,
    /** The change is impossible in the state so far (kid exists, key not active, usage differs). */
    INVALID_TRANSITION,
    /** An operator event that is not a revocation, or operator events are not accepted. */
    OPERATOR_EVENT_REFUSED,
    /** The log does not contain the pinned head: history was rewritten. */
    DOES_NOT_EXTEND_PINNED_HEAD,
    /** The last event is not the head the registry reported. */
    HEAD_MISMATCH
  }

  private final Problem problem;
  private final long sequence;

  public KeyHistoryException(Problem problem, long sequence, String message) {
    super(problem + " at sequence " + sequence + ": " + message);
    this.problem = problem;
    this.sequence = sequence;
  }

  public Problem problem() {
    return problem;
  }

  /** The sequence number of the offending event (0 if it concerns the log as a whole). */
  public long sequence() {
    return sequence;
  }
}
