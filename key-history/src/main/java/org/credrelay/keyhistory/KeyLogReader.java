package org.credrelay.keyhistory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryResponse;
import org.credrelay.proto.keyregistry.v1.KeyEvent;

/**
 * Reads an owner's whole log page by page ({@code GetKeyHistory} from sequence 1), as {@link
 * KeyHistoryVerifier} needs it; one loop for every client (wallet, gateway). Nothing read is
 * trusted: verify it.
 */
public final class KeyLogReader {

  /** More pages than any honest log needs; a registry that keeps paging is refused. */
  public static final int MAX_PAGES = 100;

  private KeyLogReader() {}

  /** The log as served and the head the registry reported with its last page. */
  public record FetchedLog(List<KeyEvent> events, LogHead reportedHead) {

    public FetchedLog {
      events = List.copyOf(events);
    }
  }

  /**
   * @param pageFrom calls {@code GetKeyHistory} for the owner from the given sequence number
   * @throws IllegalStateException if the registry serves more than {@link #MAX_PAGES} pages
   */
  public static FetchedLog readAll(LongFunction<GetKeyHistoryResponse> pageFrom) {
    List<KeyEvent> events = new ArrayList<>();
    for (int page = 0; page < MAX_PAGES; page++) {
      GetKeyHistoryResponse response = pageFrom.apply(events.size() + 1L);
      events.addAll(response.getEventsList());
      LogHead head =
          new LogHead(response.getHead().getSequence(), response.getHead().getEventHash());
      if (response.getEventsCount() == 0 || events.size() >= head.sequence()) {
        return new FetchedLog(events, head);
      }
    }
    throw new IllegalStateException("the key registry served more than " + MAX_PAGES + " pages");
  }
}
