package org.credrelay.connector.config;

import java.util.function.IntSupplier;

/** Runs a cleanup batch again while it comes back full, a bounded number of times per job run. */
public final class BoundedBatches {

  private BoundedBatches() {}

  /**
   * @param batch deletes at most {@code batchSize} rows in its own transaction; returns how many
   * @return rows removed in all batches
   */
  public static long repeatWhileFull(int maxBatches, int batchSize, IntSupplier batch) {
    long total = 0;
    for (int i = 0; i < maxBatches; i++) {
      int removed = batch.getAsInt();
      total += removed;
      if (removed < batchSize) {
        break;
      }
    }
    return total;
  }
}
