package org.credrelay.keyregistry.history.service;

import java.util.List;
import org.credrelay.keyregistry.config.HistoryProperties;
import org.credrelay.keyregistry.error.Reasons;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.history.KeyEvent;
import org.credrelay.keyregistry.history.LogHead;
import org.credrelay.keyregistry.history.store.AppendOnlyKeyEventLog;
import org.credrelay.keyregistry.key.KeyOwner;
import org.credrelay.keyregistry.key.store.KeyOwnerStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads key event logs page by page, with the current head. */
@Service
public class KeyHistoryManager {

  private final AppendOnlyKeyEventLog log;
  private final KeyOwnerStore owners;
  private final HistoryProperties properties;

  public KeyHistoryManager(AppendOnlyKeyEventLog log, KeyOwnerStore owners,
      HistoryProperties properties) {
    this.log = log;
    this.owners = owners;
    this.properties = properties;
  }

  /** A page of a log and the head at the time of reading. */
  public record HistoryPage(List<KeyEvent> events, LogHead head) {}

  /**
   * Events from {@code fromSequence} (0 or 1 = the start) on, at most {@code limit} (0 = the default).
   *
   * @throws RegistryException INVALID_ARGUMENT for a negative start or a limit out of range,
   *     NOT_FOUND for an unknown owner
   */
  @Transactional(readOnly = true)
  public HistoryPage page(KeyOwner owner, long fromSequence, int limit) {
    if (fromSequence < 0) {
      throw RegistryException.invalid(Reasons.INVALID_PAGE, "from_sequence must not be negative");
    }
    if (limit < 0 || limit > properties.maxPageSize()) {
      throw RegistryException.invalid(Reasons.INVALID_PAGE,
          "limit must be 1-" + properties.maxPageSize() + " (0 = " + properties.defaultPageSize() + ")");
    }
    LogHead head = owners.head(owner).orElseThrow(owner::notFound);
    // A change committed between the two reads must not show events past the head returned.
    List<KeyEvent> events = log.read(owner, Math.max(1, fromSequence),
            limit == 0 ? properties.defaultPageSize() : limit).stream()
        .filter(event -> event.sequence() <= head.sequence())
        .toList();
    return new HistoryPage(events, head);
  }
}
