package org.credrelay.keyhistory;

/** The latest event of a log: its sequence number and hash. Sequence 0 and "" for an empty log. */
public record LogHead(long sequence, String eventHash) {

  public static final LogHead EMPTY = new LogHead(0, "");
}
