package org.credrelay.bench.report;

/** Outcome of one target check. */
public enum Verdict {
  /** The measured figure meets the target. */
  PASS,
  /** The measured figure misses the target (see the scenario's notes and docs/PERFORMANCE.md). */
  MISS,
  /** The figure could not be measured in this run; the reason is in the notes. */
  NOT_RUN
}
