package org.credrelay.keyhistory;

import static org.credrelay.keyhistory.KeyHistoryException.Problem.BROKEN_CHAIN;
import static org.credrelay.keyhistory.KeyHistoryException.Problem.DOES_NOT_EXTEND_PINNED_HEAD;
import static org.credrelay.keyhistory.KeyHistoryException.Problem.HASH_MISMATCH;
import static org.credrelay.keyhistory.KeyHistoryException.Problem.HEAD_MISMATCH;
import static org.credrelay.keyhistory.KeyHistoryException.Problem.INVALID_TRANSITION;
import static org.credrelay.keyhistory.KeyHistoryException.Problem.SEQUENCE_GAP;
import static org.credrelay.keyhistory.KeyHistoryException.Problem.TIME_REVERSED;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.credrelay.keyhistory.VerifiedKeyHistory.KeyState;

/**
 * Client-side verification of a key event log (S8), for a wallet, issuer or connector that pinned
 * an earlier head and must not trust the registry. Given the whole log of one owner (from sequence
 * 1, as {@code GetKeyHistory} returns it) it checks:
 *
 * <ol>
 *   <li>sequence numbers run 1, 2, 3, ... and each {@code previous_hash} is the event before's
 *       hash;
 *   <li>each {@code event_hash} is the SHA-256 of the event's canonical bytes (a changed row
 *       fails);
 *   <li>each event is authorised: a signed request by a key that was an ACTIVE authentication key
 *       of the owner (not scheduled for revocation) at that point, whose signed request describes
 *       exactly this event; the first DID event by the key it registers; connection events by the
 *       holder's key binding proof, a later holder key rotation by RotateConnectionKey signed with
 *       the connection's authentication key; operator events only as revocations, if accepted;
 *   <li>every change is possible in the state so far (no kid twice, only ACTIVE keys rotated or
 *       revoked, rotations keep the usage);
 *   <li>the log contains the pinned head, i.e. it extends what the client saw before, and ends at
 *       the head the registry reported.
 * </ol>
 *
 * Thread-safe and stateless; reuse one instance.
 */
public final class KeyHistoryVerifier {

  private final boolean acceptOperatorRevocations;

  /** A verifier that accepts operator revocations (the registry's default policy). */
  public KeyHistoryVerifier() {
    this(true);
  }

  /**
   * @param acceptOperatorRevocations whether revocations by the registry operator (signer {@code
   *     operator}, no signature) are accepted; operators can never add or rotate keys
   */
  public KeyHistoryVerifier(boolean acceptOperatorRevocations) {
    this.acceptOperatorRevocations = acceptOperatorRevocations;
  }

  /**
   * @param owner the DID or connection the log belongs to (part of every event hash)
   * @param events the owner's whole log, as received
   * @param pinnedHead the head pinned earlier, or null on first contact
   * @param reportedHead the head the registry reported with the log, or null
   * @throws KeyHistoryException on the first problem found
   */
  public VerifiedKeyHistory verify(
      KeyOwner owner,
      List<org.credrelay.proto.keyregistry.v1.KeyEvent> events,
      LogHead pinnedHead,
      LogHead reportedHead)
      throws KeyHistoryException {
    Map<String, KeyState> keys = new LinkedHashMap<>();
    EventAuthorizationCheck authorization =
        new EventAuthorizationCheck(owner, acceptOperatorRevocations);
    LogHead head = LogHead.EMPTY;
    Instant previousTime = Instant.MIN;
    for (org.credrelay.proto.keyregistry.v1.KeyEvent received : events) {
      KeyEvent event = ProtoEvents.toDomain(owner, received);
      long expected = head.sequence() + 1;
      if (event.sequence() != expected) {
        throw new KeyHistoryException(SEQUENCE_GAP, event.sequence(), "expected " + expected);
      }
      if (!event.previousHash().equals(head.eventHash())) {
        throw new KeyHistoryException(
            BROKEN_CHAIN, expected, "previous_hash is not the hash of event " + head.sequence());
      }
      if (!KeyEventHashing.hash(event).equals(event.eventHash())) {
        throw new KeyHistoryException(
            HASH_MISMATCH, expected, "event_hash does not match the event's canonical bytes");
      }
      if (event.occurredAt().isBefore(previousTime)) {
        throw new KeyHistoryException(TIME_REVERSED, expected, "occurred_at goes backwards");
      }
      authorization.check(event, keys);
      apply(event, keys);
      head = event.head();
      previousTime = event.occurredAt();
    }
    requirePinnedHead(events, pinnedHead);
    if (reportedHead != null && !reportedHead.equals(head)) {
      throw new KeyHistoryException(
          HEAD_MISMATCH,
          head.sequence(),
          "the log ends at " + head + ", the registry reported " + reportedHead);
    }
    return new VerifiedKeyHistory(head, keys);
  }

  private static void requirePinnedHead(
      List<org.credrelay.proto.keyregistry.v1.KeyEvent> events, LogHead pinned)
      throws KeyHistoryException {
    if (pinned == null || pinned.sequence() == 0) {
      return;
    }
    if (pinned.sequence() > events.size()
        || !events.get((int) pinned.sequence() - 1).getEventHash().equals(pinned.eventHash())) {
      throw new KeyHistoryException(
          DOES_NOT_EXTEND_PINNED_HEAD,
          pinned.sequence(),
          "the log does not contain the pinned head: the history was rewritten or truncated");
    }
  }

  /** The state change of an event that passed its authorisation check. */
  private static void apply(KeyEvent event, Map<String, KeyState> keys) throws KeyHistoryException {
    Instant at = event.occurredAt();
    switch (event.type()) {
      case ADDED -> add(event, keys);
      case ROTATED -> {
        KeyState old = keys.get(event.replacedKeyId());
        if (old == null || old.revokedAt() != null || old.usage() != event.usage()) {
          throw new KeyHistoryException(
              INVALID_TRANSITION,
              event.sequence(),
              "only an ACTIVE key of the same usage, not already rotated out, can be replaced");
        }
        if (event.replacedKeyRevokedAt() == null || event.replacedKeyRevokedAt().isBefore(at)) {
          throw new KeyHistoryException(
              INVALID_TRANSITION,
              event.sequence(),
              "replaced_key_revoked_at must not be before occurred_at");
        }
        keys.put(
            old.keyId(),
            new KeyState(
                old.keyId(),
                old.usage(),
                old.publicKey(),
                old.addedAt(),
                event.replacedKeyRevokedAt()));
        add(event, keys);
      }
      case REVOKED -> {
        KeyState key = keys.get(event.keyId());
        if (key == null
            || key.statusAt(at) != KeyStatus.ACTIVE
            || key.usage() != event.usage()
            || !key.publicKey().equals(ProtoEvents.publicKey(event))) {
          throw new KeyHistoryException(
              INVALID_TRANSITION,
              event.sequence(),
              "only an ACTIVE key can be revoked, and the event must name it as it was added");
        }
        keys.put(
            key.keyId(),
            new KeyState(key.keyId(), key.usage(), key.publicKey(), key.addedAt(), at));
      }
      default -> throw new IllegalStateException();
    }
  }

  private static void add(KeyEvent event, Map<String, KeyState> keys) throws KeyHistoryException {
    if (keys.containsKey(event.keyId())) {
      throw new KeyHistoryException(
          INVALID_TRANSITION, event.sequence(), "kid " + event.keyId() + " was added before");
    }
    keys.put(
        event.keyId(),
        new KeyState(
            event.keyId(), event.usage(), ProtoEvents.publicKey(event), event.occurredAt(), null));
  }
}
