package org.credrelay.keyregistry.history.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyEventType;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyregistry.history.store.AppendOnlyKeyEventLog;
import org.credrelay.keyregistry.history.store.KeyOwnerStore;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.springframework.stereotype.Component;

/**
 * Appends the events of one key change to an owner's log, chaining each to the one before, and
 * moves the owner's head. Called inside the change's transaction while the owner is locked ({@link
 * #lockForChange}) or was just created by it ({@link #createOwner}): the owner row with its log
 * head is the lock that serialises every key change of that owner.
 */
@Component
public class KeyLogWriter {

  private final AppendOnlyKeyEventLog log;
  private final KeyOwnerStore owners;

  public KeyLogWriter(AppendOnlyKeyEventLog log, KeyOwnerStore owners) {
    this.log = log;
    this.owners = owners;
  }

  /**
   * Creates the owner with an empty log, locked by the current transaction until it commits.
   *
   * @return false if the owner exists (it is left unchanged)
   */
  public boolean createOwner(KeyOwner owner, Instant createdAt) {
    return owners.create(owner, createdAt);
  }

  /**
   * Locks the owner for the current transaction, without waiting, and returns its log head.
   *
   * @return empty if the owner does not exist
   * @throws org.credrelay.keyregistry.error.RegistryException ABORTED if another transaction is
   *     changing the same owner right now
   */
  public Optional<LogHead> lockForChange(KeyOwner owner) {
    return owners.lockForChange(owner);
  }

  /** Starts a batch of events after {@code head}. */
  public Batch after(KeyOwner owner, LogHead head, EventAuthorization authorization, Instant at) {
    return new Batch(owner, head, authorization, at);
  }

  /** The events of one change; {@link #finish()} moves the head. */
  public final class Batch {
    private final KeyOwner owner;
    private final EventAuthorization authorization;
    private final Instant at;
    private final List<KeyEvent> events = new ArrayList<>();
    private LogHead head;

    private Batch(KeyOwner owner, LogHead head, EventAuthorization authorization, Instant at) {
      this.owner = owner;
      this.head = head;
      this.authorization = authorization;
      this.at = at;
    }

    public Batch added(RegisteredKey key) {
      return append(KeyEventType.ADDED, key, null, null);
    }

    public Batch rotated(RegisteredKey newKey, RegisteredKey replaced) {
      return append(KeyEventType.ROTATED, newKey, replaced.keyId(), replaced.revokedAt());
    }

    public Batch revoked(RegisteredKey key) {
      return append(KeyEventType.REVOKED, key, null, null);
    }

    /** Moves the owner's head to the last event and returns it. */
    public LogHead finish() {
      owners.moveHead(owner, head);
      return head;
    }

    private Batch append(
        KeyEventType type, RegisteredKey key, String replacedKeyId, Instant replacedKeyRevokedAt) {
      KeyEvent event =
          KeyEvent.next(
              owner,
              head,
              type,
              key.keyId(),
              key.usage(),
              key.publicJwk(),
              replacedKeyId,
              replacedKeyRevokedAt,
              at,
              authorization);
      log.append(event);
      events.add(event);
      head = event.head();
      return this;
    }
  }
}
