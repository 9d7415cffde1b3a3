package org.credrelay.keyregistry.history.store;

import java.util.List;
import org.credrelay.keyregistry.history.KeyEvent;
import org.credrelay.keyregistry.key.KeyOwner;

/**
 * The per-owner key event log. Events are only ever appended, in sequence order with no gaps, each
 * carrying the hash of the one before; nothing here can update or delete one (and a database trigger
 * refuses it for anyone else).
 */
public interface AppendOnlyKeyEventLog {

  /** Appends the next event of its owner's log; the caller holds the owner's change lock. */
  void append(KeyEvent event);

  /** Up to {@code limit} events of an owner from {@code fromSequence} on, in sequence order. */
  List<KeyEvent> read(KeyOwner owner, long fromSequence, int limit);
}
