package org.credrelay.issuergateway.keyset;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset listing, cut from the {@code size + 1} rows a store returned (the extra row
 * only tells that another page follows).
 *
 * @param nextCursor the encoded position of the page's last row, or null on the last page
 */
public record KeysetPage<T>(List<T> items, String nextCursor) {

  /**
   * @param rows up to {@code size + 1} rows in (created_at, id) order
   * @param position the keyset position of a row
   */
  public static <T> KeysetPage<T> of(List<T> rows, int size, Function<T, KeysetCursor> position) {
    if (rows.size() <= size) {
      return new KeysetPage<>(rows, null);
    }
    List<T> page = rows.subList(0, size);
    return new KeysetPage<>(page, position.apply(page.get(size - 1)).encode());
  }

  public <R> KeysetPage<R> map(Function<T, R> mapper) {
    return new KeysetPage<>(items.stream().map(mapper).toList(), nextCursor);
  }
}
