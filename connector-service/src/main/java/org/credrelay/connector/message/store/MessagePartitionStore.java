package org.credrelay.connector.message.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.credrelay.connector.config.MessageRetentionProperties;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

/**
 * The time partitions of {@code connector.messages}: creates them ahead of time and drops those
 * whose whole range is older than the retention. Partition DDL only, never a row of content.
 *
 * <p><b>Several replicas.</b> Every change runs under one session-level PostgreSQL advisory lock
 * ({@code pg_try_advisory_lock}): a job on another replica that finds it taken skips its run
 * instead of queueing. A session lock rather than a lease row because PostgreSQL releases it when
 * the session ends, so a crashed replica never holds it until a lease expires, and because {@code
 * DETACH PARTITION ... CONCURRENTLY} cannot run inside a transaction, where a transaction-scoped
 * lock would live.
 *
 * <p><b>Short locks.</b> A new partition is created as a table and attached while empty (SHARE
 * UPDATE EXCLUSIVE on {@code messages}: reads and writes go on). An old one is detached
 * concurrently (also SHARE UPDATE EXCLUSIVE; it waits for running queries that may read it) and
 * then dropped, which locks only the detached table. Each statement waits at most {@code
 * lock-timeout} for a lock, so DDL never queues in front of sends for longer; a run that times out
 * leaves the rest to the next run, and a detach interrupted half-way is finalized then.
 */
@Repository
public class MessagePartitionStore {

  /** First key of the advisory lock: "CRMP" (connector messages partitions). */
  private static final int LOCK_NAMESPACE = 0x43524d50;

  private static final int LOCK_KEY = 1;

  /**
   * The partitions with their bounds (lower NULL for MINVALUE); the bounds' text is PostgreSQL's
   * own, read back in the same session.
   */
  private static final String PARTITIONS =
      """
      SELECT c.relname,
             substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \\(''([^'']+)''\\)')::timestamptz
                 AS lower_bound,
             substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \\(''([^'']+)''\\)')::timestamptz
                 AS upper_bound,
             i.inhdetachpending
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'connector.messages'::regclass
      ORDER BY upper_bound""";

  /** Tables of a detach whose DROP did not happen (the replica stopped in between). */
  private static final String DETACHED_LEFTOVERS =
      """
      SELECT relname FROM pg_class
      WHERE relnamespace = 'connector'::regnamespace AND relkind = 'r' AND NOT relispartition
        AND relname LIKE 'messages\\_p%'""";

  /**
   * One partition: its name, range [lowerBound, upperBound) (lowerBound null: from the oldest), and
   * whether a detach of it is pending.
   */
  public record Partition(
      String name, Instant lowerBound, Instant upperBound, boolean detachPending) {

    boolean contains(Instant at) {
      return (lowerBound == null || !at.isBefore(lowerBound)) && at.isBefore(upperBound);
    }
  }

  private final DataSource dataSource;
  private final Duration interval;
  private final Duration lockTimeout;

  MessagePartitionStore(DataSource dataSource, MessageRetentionProperties retention) {
    this.dataSource = dataSource;
    this.interval = retention.partitionInterval();
    this.lockTimeout = retention.lockTimeout();
  }

  /** The attached partitions, oldest first. */
  public List<Partition> partitions() {
    return withConnection(MessagePartitionStore::partitions);
  }

  /**
   * Creates the partitions missing between the interval that holds {@code from} and {@code until};
   * empty if another replica is changing partitions (the run is skipped).
   *
   * @param wait whether to wait (up to the lock timeout) for another replica's change instead of
   *     skipping: the send path waits, since it needs the partition now
   * @return the names of the partitions created
   */
  public Optional<List<String>> createThrough(Instant from, Instant until, boolean wait) {
    return underLock(
        wait,
        connection -> {
          List<Partition> existing = partitions(connection);
          List<String> created = new ArrayList<>();
          Instant at = alignDown(from);
          while (at.isBefore(until)) {
            Partition holding = holding(existing, at);
            if (holding != null) {
              at = holding.upperBound();
              continue;
            }
            Instant end = alignDown(at.plus(interval));
            if (!end.isAfter(at)) {
              end = at.plus(interval);
            }
            end = min(end, nextLowerBound(existing, at));
            created.add(create(connection, at, end));
            at = end;
          }
          return created;
        });
  }

  /**
   * Detaches and drops every partition whose range ends at or before {@code cutoff} (all its rows
   * are older), and leftovers of an interrupted drop; empty if another replica is changing
   * partitions (the run is skipped).
   *
   * @return the names of the partitions dropped
   */
  public Optional<List<String>> dropEndingBefore(Instant cutoff) {
    return underLock(
        false,
        connection -> {
          List<String> dropped = new ArrayList<>();
          for (Partition partition : partitions(connection)) {
            if (partition.upperBound().isAfter(cutoff)) {
              break;
            }
            String table = "connector." + quote(partition.name());
            execute(
                connection,
                "ALTER TABLE connector.messages DETACH PARTITION "
                    + table
                    + (partition.detachPending() ? " FINALIZE" : " CONCURRENTLY"));
            execute(connection, "DROP TABLE " + table);
            dropped.add(partition.name());
          }
          for (String leftover : names(connection, DETACHED_LEFTOVERS)) {
            execute(connection, "DROP TABLE connector." + quote(leftover));
            dropped.add(leftover);
          }
          return dropped;
        });
  }

  private static Partition holding(List<Partition> partitions, Instant at) {
    return partitions.stream().filter(p -> p.contains(at)).findFirst().orElse(null);
  }

  /** Where the next partition above {@code at} starts (a gap is filled up to it, not across). */
  private static Instant nextLowerBound(List<Partition> partitions, Instant at) {
    return partitions.stream()
        .map(Partition::lowerBound)
        .filter(lower -> lower != null && lower.isAfter(at))
        .min(Instant::compareTo)
        .orElse(Instant.MAX);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Start of the partition interval that holds {@code at} (multiples since the epoch). */
  Instant alignDown(Instant at) {
    long seconds = interval.toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
  }

  private static String create(Connection connection, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT connector.create_messages_partition(?, ?)")) {
      statement.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      statement.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static List<Partition> partitions(Connection connection) throws SQLException {
    List<Partition> partitions = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(PARTITIONS)) {
      while (rs.next()) {
        partitions.add(
            new Partition(
                rs.getString(1),
                instantOrNull(rs.getObject(2, OffsetDateTime.class)),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getBoolean(4)));
      }
    }
    return partitions;
  }

  private static Instant instantOrNull(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }

  private static List<String> names(Connection connection, String sql) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** Work on one autocommit session (DETACH CONCURRENTLY needs it) under the advisory lock. */
  private <T> Optional<T> underLock(boolean wait, SqlWork<T> work) {
    return withConnection(
        connection -> {
          execute(connection, "SET lock_timeout = " + lockTimeout.toMillis());
          try {
            if (!lock(connection, wait)) {
              return Optional.empty();
            }
            try {
              return Optional.of(work.run(connection));
            } finally {
              execute(
                  connection,
                  "SELECT pg_advisory_unlock(%d, %d)".formatted(LOCK_NAMESPACE, LOCK_KEY));
            }
          } finally {
            execute(connection, "RESET lock_timeout");
          }
        });
  }

  private static boolean lock(Connection connection, boolean wait) throws SQLException {
    String function = wait ? "pg_advisory_lock" : "pg_try_advisory_lock";
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT %s(%d, %d)::text".formatted(function, LOCK_NAMESPACE, LOCK_KEY))) {
      rs.next();
      // pg_advisory_lock returns void (empty text): it returned, so the lock is held.
      return wait || rs.getBoolean(1);
    }
  }

  private <T> T withConnection(SqlWork<T> work) {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      if (!connection.getAutoCommit()) {
        throw new IllegalStateException("partition DDL must not run inside a transaction");
      }
      return work.run(connection);
    } catch (SQLException e) {
      throw new PartitionChangeFailed(e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Partition DDL failed (often a lock timeout); the next run tries again. */
  public static final class PartitionChangeFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PartitionChangeFailed(SQLException cause) {
      super("partition change failed: SQLState " + cause.getSQLState(), cause);
    }
  }
}
