package org.credrelay.bench.pagination;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.report.ScenarioResult;

/**
 * On-disk size of {@code connector.messages} summed over its partitions ({@code
 * pg_partition_tree}): heap ({@code pg_relation_size}, main fork), TOAST table with its index, and
 * each index of the partitioned table summed over the partitions' indexes that belong to it. Rows
 * are the partitions' {@code reltuples}, exact right after the bulk loader's {@code VACUUM
 * (ANALYZE)}; they include the messages of earlier scenarios in the same run.
 */
final class MessageTableSizes {

  /**
   * Sizes in bytes.
   *
   * @param rows live rows of all partitions
   * @param heapBytes main fork of every partition
   * @param toastBytes TOAST tables and their indexes
   * @param indexBytes per index of the partitioned table (e.g. {@code messages_pkey})
   */
  record Sizes(long rows, long heapBytes, long toastBytes, Map<String, Long> indexBytes) {

    Sizes {
      indexBytes = Map.copyOf(indexBytes);
    }

    long totalBytes() {
      return heapBytes + toastBytes + indexBytes.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private MessageTableSizes() {}

  static Sizes measure(BenchSuite suite) throws SQLException {
    long rows;
    long heap;
    long toast;
    Map<String, Long> indexes = new LinkedHashMap<>();
    try (Connection connection = suite.jdbc();
        Statement statement = connection.createStatement()) {
      try (ResultSet row =
          statement.executeQuery(
              """
              SELECT CAST(sum(greatest(c.reltuples, 0)) AS bigint),
                     sum(pg_relation_size(c.oid)),
                     sum(CASE WHEN c.reltoastrelid = 0 THEN 0
                              ELSE pg_total_relation_size(c.reltoastrelid) END)
              FROM pg_partition_tree('connector.messages') t JOIN pg_class c ON c.oid = t.relid
              WHERE t.isleaf""")) {
        row.next();
        rows = row.getLong(1);
        heap = row.getLong(2);
        toast = row.getLong(3);
      }
      try (ResultSet row =
          statement.executeQuery(
              """
              SELECT i.relname, sum(pg_relation_size(t.relid))
              FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid,
                   pg_partition_tree(x.indexrelid) t
              WHERE x.indrelid = CAST('connector.messages' AS regclass) AND t.isleaf
              GROUP BY i.relname ORDER BY i.relname""")) {
        while (row.next()) {
          indexes.put(row.getString(1), row.getLong(2));
        }
      }
    }
    return new Sizes(rows, heap, toast, indexes);
  }

  /** Figures in bytes per message (= MB per million messages), named "... at {@code size}". */
  static void addFigures(ScenarioResult result, int size, Sizes sizes) {
    String at = " at " + size;
    result.figure("messages table rows (all partitions)" + at, sizes.rows(), "rows");
    perMessage(result, "heap", sizes.heapBytes(), sizes.rows(), at);
    perMessage(result, "TOAST", sizes.toastBytes(), sizes.rows(), at);
    for (Map.Entry<String, Long> index : sizes.indexBytes().entrySet()) {
      perMessage(result, "index " + index.getKey(), index.getValue(), sizes.rows(), at);
    }
    perMessage(result, "heap + TOAST + indexes", sizes.totalBytes(), sizes.rows(), at);
  }

  private static void perMessage(
      ScenarioResult result, String part, long bytes, long rows, String at) {
    // Bytes per message are also MB (10^6 bytes) per million messages.
    result.figure(
        part + " per message" + at, rows == 0 ? Double.NaN : (double) bytes / rows, "bytes");
  }
}
