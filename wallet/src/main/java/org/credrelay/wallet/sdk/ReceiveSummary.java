package org.credrelay.wallet.sdk;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one receive run processed.
 *
 * @param messages connector messages processed
 * @param counts events by type
 */
public record ReceiveSummary(int messages, Map<EventType, Integer> counts) {

  public ReceiveSummary {
    EnumMap<EventType, Integer> copy = new EnumMap<>(EventType.class);
    copy.putAll(counts);
    counts = Collections.unmodifiableMap(copy);
  }

  public int count(EventType type) {
    return counts.getOrDefault(type, 0);
  }

  /** Accumulates a summary; not thread-safe. */
  static final class Counter {
    private final Map<EventType, Integer> counts = new EnumMap<>(EventType.class);
    private int messages;

    void add(WalletEvent event) {
      messages++;
      counts.merge(event.type(), 1, Integer::sum);
    }

    ReceiveSummary summary() {
      return new ReceiveSummary(messages, counts);
    }
  }
}
