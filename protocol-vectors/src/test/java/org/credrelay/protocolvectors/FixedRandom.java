package org.credrelay.protocolvectors;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A {@link SecureRandom} that hands out the fixed values of a vector's {@code inputs}, in order,
 * each exactly once and only to a request of its own length. The code under test takes its
 * randomness through an explicit {@code SecureRandom} parameter, so this is the whole seam: a draw
 * the vector does not name, or a named value left over, fails the check instead of silently
 * producing other bytes.
 */
final class FixedRandom extends SecureRandom {

  private final Deque<byte[]> values;

  FixedRandom(List<byte[]> values) {
    this.values = new ArrayDeque<>(values.stream().map(byte[]::clone).toList());
  }

  static FixedRandom of(byte[]... values) {
    return new FixedRandom(List.of(values));
  }

  @Override
  public synchronized void nextBytes(byte[] bytes) {
    byte[] next = values.poll();
    if (next == null || next.length != bytes.length) {
      throw new IllegalStateException(
          "the code drew "
              + bytes.length
              + " random bytes; the next fixed input has "
              + (next == null ? "none left" : next.length + " bytes"));
    }
    System.arraycopy(next, 0, bytes, 0, bytes.length);
  }

  /**
   * @throws IllegalStateException if a fixed value was never drawn
   */
  void assertAllDrawn() {
    if (!values.isEmpty()) {
      throw new IllegalStateException(
          values.size()
              + " fixed random value(s) never drawn, next "
              + Arrays.toString(values.peek()));
    }
  }
}
