package org.credrelay.keyregistry.key.store;

import java.time.Instant;
import java.util.Optional;
import org.credrelay.keyregistry.history.LogHead;
import org.credrelay.keyregistry.key.KeyOwner;

/**
 * Owners of keys (DIDs and holder connections) and the head of each owner's key event log. The owner
 * row is the lock that serialises every key change of that owner.
 */
public interface KeyOwnerStore {

  /** Creates the owner with an empty log; false if it exists (it is left unchanged). */
  boolean create(KeyOwner owner, Instant createdAt);

  /**
   * Locks the owner for the current transaction, without waiting, and returns its log head.
   *
   * @return empty if the owner does not exist
   * @throws org.credrelay.keyregistry.error.RegistryException ABORTED if another transaction is
   *     changing the same owner right now
   */
  Optional<LogHead> lockForChange(KeyOwner owner);

  boolean exists(KeyOwner owner);

  /** The owner's log head, empty if the owner does not exist. */
  Optional<LogHead> head(KeyOwner owner);

  /** Moves the head of a locked owner's log. */
  void moveHead(KeyOwner owner, LogHead head);
}
