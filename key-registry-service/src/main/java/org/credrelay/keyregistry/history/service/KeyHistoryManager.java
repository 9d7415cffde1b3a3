package org.credrelay.keyregistry.history.service;

import java.util.List;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyregistry.config.HistoryProperties;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.history.store.AppendOnlyKeyEventLog;
import org.credrelay.keyregistry.history.store.KeyOwnerStore;
import org.credrelay.keyregistry.key.KeyOwnerErrors;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.keyregistry.key.service.KeyLookupManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads key event logs page by page, and an owner's keys, with the current head. */
@Service
public class KeyHistoryManager {

  private final AppendOnlyKeyEventLog log;
  private final KeyOwnerStore owners;
  private final KeyLookupManager lookups;
  private final HistoryProperties properties;

  public KeyHistoryManager(
      AppendOnlyKeyEventLog log,
      KeyOwnerStore owners,
      KeyLookupManager lookups,
      HistoryProperties properties) {
    this.log = log;
    this.owners = owners;
    this.lookups = lookups;
    this.properties = properties;
  }

  /** An owner with every key it ever had, its log head, and how long the answer may be cached. */
  public record OwnerKeys(
      KeyOwner owner, List<RegisteredKey> keys, LogHead head, int maxAgeSeconds) {}

  /**
   * Every key of an owner (every status) with its log head, read in one transaction.
   *
   * @throws RegistryException NOT_FOUND for an unknown owner
   */
  @Transactional(readOnly = true)
  public OwnerKeys ownerKeys(KeyOwner owner) {
    List<RegisteredKey> keys = lookups.allKeys(owner);
    LogHead head = owners.head(owner).orElseThrow(() -> KeyOwnerErrors.notFound(owner));
    return new OwnerKeys(owner, keys, head, lookups.maxAgeSeconds());
  }

  /** A page of a log and the head at the time of reading. */
  public record HistoryPage(List<KeyEvent> events, LogHead head) {}

  /**
   * Events from {@code fromSequence} (0 or 1 = the start) on, at most {@code limit} (0 = the
   * default).
   *
   * @throws RegistryException INVALID_ARGUMENT for a negative start or a limit out of range,
   *     NOT_FOUND for an unknown owner
   */
  @Transactional(readOnly = true)
  public HistoryPage page(KeyOwner owner, long fromSequence, int limit) {
    if (fromSequence < 0) {
      throw new RegistryException(Reason.INVALID_PAGE, "from_sequence must not be negative");
    }
    if (limit < 0 || limit > properties.maxPageSize()) {
      throw new RegistryException(
          Reason.INVALID_PAGE,
          "limit must be 1-"
              + properties.maxPageSize()
              + " (0 = "
              + properties.defaultPageSize()
              + ")");
    }
    LogHead head = owners.head(owner).orElseThrow(() -> KeyOwnerErrors.notFound(owner));
    // A change committed between the two reads must not show events past the head returned.
    List<KeyEvent> events =
        log
            .read(
                owner, Math.max(1, fromSequence), limit == 0 ? properties.defaultPageSize() : limit)
            .stream()
            .filter(event -> event.sequence() <= head.sequence())
            .toList();
    return new HistoryPage(events, head);
  }
}
