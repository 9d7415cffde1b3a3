package org.credrelay.wallet.registry;

import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.credrelay.keyhistory.KeyHistoryException;
import org.credrelay.keyhistory.KeyHistoryVerifier;
import org.credrelay.keyhistory.KeyLogReader;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyhistory.VerifiedKeyHistory;
import org.credrelay.keyhistory.VerifiedKeyHistory.KeyState;
import org.credrelay.wallet.store.KeyHistoryRecord;

/**
 * The verified key history of issuer DIDs (threat model S8): fetches an issuer's key event log from
 * the key registry, verifies it (hash chain, signatures, transitions, reported head) and that it
 * extends the head pinned before, remembers the new head, and answers what the verified log says
 * about one key. A log that fails (rewritten, truncated, rolled back, a retired key active again)
 * marks the issuer rejected for good: every later {@link #check} answers HISTORY_REJECTED.
 *
 * <p>A log is fetched again only when the last verification is older than the check interval, or
 * when asked about a key the verified log does not contain yet (a key announced after the last
 * fetch). An unreachable registry is not evidence: the last verified log (or, after a restart, the
 * remembered revocations) keeps answering, and an owner never verified answers NOT_CHECKED.
 *
 * <p>Thread-safe; never calls {@link HeadStore} while holding a lock of its own.
 */
public final class IssuerKeyHistory {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(IssuerKeyHistory.class);

  /** Where the pinned heads are persisted (the wallet's encrypted state). */
  public interface HeadStore {
    Optional<KeyHistoryRecord> pinned(String owner);

    void remember(KeyHistoryRecord record);
  }

  private final KeyRegistryClient registry;
  private final KeyHistoryVerifier verifier;
  private final HeadStore heads;
  private final Clock clock;
  private final Duration checkInterval;

  /** The last verified log per owner, in memory only (refetched after a restart). */
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private record Verified(VerifiedKeyHistory history, Instant at) {}

  /**
   * @param registry the key registry, or null if none is configured (every answer NOT_CHECKED)
   * @param checkInterval how long a verified log is used before it is fetched again
   */
  public IssuerKeyHistory(
      KeyRegistryClient registry, HeadStore heads, Clock clock, Duration checkInterval) {
    this.registry = registry;
    this.verifier = new KeyHistoryVerifier();
    this.heads = Objects.requireNonNull(heads);
    this.clock = Objects.requireNonNull(clock);
    this.checkInterval = Objects.requireNonNull(checkInterval);
  }

  /** True if a key registry is configured. */
  public boolean enabled() {
    return registry != null;
  }

  /**
   * The verified status of {@code keyId} of {@code issuerDid} now, fetching and verifying the log
   * first if it is due (older than the check interval, never verified, or without this key). May
   * call the key registry: do not hold a lock other threads wait for.
   */
  public KeyCheck check(String issuerDid, String keyId) {
    refresh(issuerDid, keyId);
    return cached(issuerDid, keyId);
  }

  /**
   * Fetches and verifies the owner's log now, whatever the interval.
   *
   * @return the status of the owner's log: rejected or not
   */
  public Optional<String> refreshNow(String issuerDid) {
    fetchAndVerify(issuerDid);
    return heads.pinned(issuerDid).map(KeyHistoryRecord::failure);
  }

  /** Fetches and verifies the log if it is due for {@code keyId}; no-op without a registry. */
  public void refresh(String issuerDid, String keyId) {
    if (due(issuerDid, keyId)) {
      fetchAndVerify(issuerDid);
    }
  }

  /** What the last verification says about {@code keyId}; never calls the registry. */
  public KeyCheck cached(String issuerDid, String keyId) {
    Optional<KeyHistoryRecord> pinned = heads.pinned(issuerDid);
    LogHead head =
        pinned.map(p -> new LogHead(p.headSequence(), p.headHash())).orElse(LogHead.EMPTY);
    if (pinned.isPresent() && pinned.get().failure() != null) {
      return new KeyCheck(
          issuerDid,
          keyId,
          KeyCheck.Status.HISTORY_REJECTED,
          null,
          head,
          "the key history of " + issuerDid + " was rejected: " + pinned.get().failure());
    }
    Instant now = clock.instant();
    Verified current = verified.get(issuerDid);
    if (current == null) {
      Instant revokedAt = pinned.map(p -> p.revokedKeys().get(keyId)).orElse(null);
      if (revokedAt != null && !now.isBefore(revokedAt)) {
        return new KeyCheck(
            issuerDid,
            keyId,
            KeyCheck.Status.REVOKED,
            null,
            head,
            "key " + keyId + " was revoked at " + revokedAt + " (remembered)");
      }
      return new KeyCheck(
          issuerDid,
          keyId,
          KeyCheck.Status.NOT_CHECKED,
          null,
          head,
          enabled()
              ? "the key history of " + issuerDid + " could not be fetched yet"
              : "no key registry configured");
    }
    KeyState key = current.history().key(keyId).orElse(null);
    LogHead verifiedHead = current.history().head();
    if (key == null) {
      return new KeyCheck(
          issuerDid,
          keyId,
          KeyCheck.Status.UNKNOWN_KEY,
          null,
          verifiedHead,
          "the key history of " + issuerDid + " does not contain key " + keyId);
    }
    KeyStatus status = key.statusAt(now);
    return switch (status) {
      case ACTIVE -> new KeyCheck(issuerDid, keyId, KeyCheck.Status.ACTIVE, key, verifiedHead, "");
      case REVOKED ->
          new KeyCheck(
              issuerDid,
              keyId,
              KeyCheck.Status.REVOKED,
              key,
              verifiedHead,
              "key " + keyId + " of " + issuerDid + " is revoked since " + key.revokedAt());
      case NOT_YET_REGISTERED ->
          new KeyCheck(
              issuerDid,
              keyId,
              KeyCheck.Status.UNKNOWN_KEY,
              key,
              verifiedHead,
              "key " + keyId + " of " + issuerDid + " is registered only from " + key.addedAt());
    };
  }

  private boolean due(String owner, String keyId) {
    if (registry == null) {
      return false;
    }
    Optional<KeyHistoryRecord> pinned = heads.pinned(owner);
    if (pinned.isPresent() && pinned.get().failure() != null) {
      return false;
    }
    Verified current = verified.get(owner);
    if (current == null) {
      return true;
    }
    if (keyId != null && current.history().key(keyId).isEmpty()) {
      return true;
    }
    return !clock.instant().isBefore(current.at().plus(checkInterval));
  }

  private void fetchAndVerify(String owner) {
    if (registry == null) {
      return;
    }
    KeyLogReader.FetchedLog fetched;
    try {
      fetched = registry.history(owner);
    } catch (StatusRuntimeException | IllegalStateException e) {
      log.warn(
          "Cannot fetch the key history of {}: {} (the last verified state stays)",
          owner,
          e.getMessage());
      return;
    }
    Optional<KeyHistoryRecord> pinned = heads.pinned(owner);
    LogHead pinnedHead = pinned.map(p -> new LogHead(p.headSequence(), p.headHash())).orElse(null);
    Instant now = clock.instant();
    try {
      VerifiedKeyHistory history =
          verifier.verify(
              new KeyOwner(OwnerType.DID, owner),
              fetched.events(),
              pinnedHead,
              fetched.reportedHead());
      requireRetiredKeysStayRetired(pinned, history, now);
      // A verification that raced a later one must not replace its newer log (see putKeyHistory).
      verified.merge(
          owner,
          new Verified(history, now),
          (known, fresh) ->
              fresh.history().head().sequence() >= known.history().head().sequence()
                  ? fresh
                  : known);
      heads.remember(
          new KeyHistoryRecord(
              owner,
              history.head().sequence(),
              history.head().eventHash(),
              now,
              null,
              revokedKeys(history)));
    } catch (KeyHistoryException e) {
      verified.remove(owner);
      log.warn("Key history of {} REJECTED: {}", owner, e.getMessage());
      heads.remember(
          pinned
              .orElse(new KeyHistoryRecord(owner, 0, "", null, null, Map.of()))
              .rejected(e.getMessage()));
    }
  }

  /**
   * A log that extends the pinned head cannot un-revoke a key; this catches a log that was
   * rewritten before the wallet's first pin yet contradicts what the wallet remembered.
   */
  private static void requireRetiredKeysStayRetired(
      Optional<KeyHistoryRecord> pinned, VerifiedKeyHistory history, Instant now)
      throws KeyHistoryException {
    if (pinned.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Instant> retired : pinned.get().revokedKeys().entrySet()) {
      KeyState key = history.key(retired.getKey()).orElse(null);
      boolean stillRetired =
          key != null && key.revokedAt() != null && !key.revokedAt().isAfter(retired.getValue());
      if (!stillRetired && !now.isBefore(retired.getValue())) {
        throw new KeyHistoryException(
            KeyHistoryException.Problem.INVALID_TRANSITION,
            0,
            "key " + retired.getKey() + " was seen revoked before and is not revoked any more");
      }
    }
  }

  private static Map<String, Instant> revokedKeys(VerifiedKeyHistory history) {
    Map<String, Instant> revoked = new HashMap<>();
    history
        .keys()
        .values()
        .forEach(
            key -> {
              if (key.revokedAt() != null) {
                revoked.put(key.keyId(), key.revokedAt());
              }
            });
    return revoked;
  }
}
