package org.credrelay.bench.report;

import java.util.Objects;

/**
 * One measured number.
 *
 * @param name what was measured, e.g. "connector SendMessage c=16"
 * @param value the number (NaN if it could not be measured)
 * @param unit e.g. "msg/s", "ms", "MiB", "x" for ratios
 */
public record Figure(String name, double value, String unit) {

  public Figure {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
  }

  /** True for a finite number (a figure that was actually produced). */
  public boolean measured() {
    return Double.isFinite(value);
  }
}
