package org.credrelay.keyregistry.history.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.keyregistry.history.EventAuthorization;
import org.credrelay.keyregistry.history.KeyEvent;
import org.credrelay.keyregistry.history.KeyEventType;
import org.credrelay.keyregistry.history.LogHead;
import org.credrelay.keyregistry.history.store.AppendOnlyKeyEventLog;
import org.credrelay.keyregistry.key.KeyOwner;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.keyregistry.key.store.KeyOwnerStore;
import org.springframework.stereotype.Component;

/**
 * Appends the events of one key change to an owner's log, chaining each to the one before, and moves
 * the owner's head. Called inside the change's transaction while the owner is locked (or was just
 * created by it).
 */
@Component
public class KeyLogWriter {

  private final AppendOnlyKeyEventLog log;
  private final KeyOwnerStore owners;

  public KeyLogWriter(AppendOnlyKeyEventLog log, KeyOwnerStore owners) {
    this.log = log;
    this.owners = owners;
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

    private Batch append(KeyEventType type, RegisteredKey key, String replacedKeyId,
        Instant replacedKeyRevokedAt) {
      KeyEvent event = KeyEvent.next(owner, head, type, key.keyId(), key.usage(), key.publicJwk(),
          replacedKeyId, replacedKeyRevokedAt, at, authorization);
      log.append(event);
      events.add(event);
      head = event.head();
      return this;
    }
  }
}
