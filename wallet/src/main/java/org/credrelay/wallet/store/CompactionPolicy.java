package org.credrelay.wallet.store;

/**
 * When a save writes a new snapshot of the whole state instead of appending a journal record: once
 * the journal holds {@code maxRecords} records, or more record bytes than both the snapshot and
 * {@code minBytes}. Bounding the journal by the snapshot's size keeps the amortized cost of a save
 * proportional to its change (a snapshot of size S is written at most once per S bytes of records)
 * and bounds what opening replays.
 *
 * @param maxRecords records after which the next save compacts (0: every save writes a snapshot,
 *     which is the store's behaviour before the journal; for comparisons)
 * @param minBytes record bytes a journal may always reach, so that a small wallet does not rewrite
 *     its snapshot every few saves
 */
public record CompactionPolicy(int maxRecords, long minBytes) {

  /** 4,096 records or the snapshot's size, at least 64 KiB. */
  public static final CompactionPolicy DEFAULT = new CompactionPolicy(4096, 64 * 1024);

  public CompactionPolicy {
    if (maxRecords < 0 || minBytes < 0) {
      throw new IllegalArgumentException("maxRecords and minBytes must not be negative");
    }
  }

  /** No journal: every save rewrites the snapshot (the cost the journal removes). */
  public static CompactionPolicy snapshotEverySave() {
    return new CompactionPolicy(0, 0);
  }

  boolean compactAfter(long records, long recordBytes, long snapshotBytes) {
    return records >= maxRecords || recordBytes > Math.max(minBytes, snapshotBytes);
  }
}
