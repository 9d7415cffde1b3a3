package org.credrelay.bench.env;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The partitions of {@code connector.messages} as a running connector has them. A fresh connector
 * has one partition from the oldest time to tomorrow and the days it creates ahead; one that ran
 * for its retention with the defaults (30 days, daily partitions, 3 days ahead) has {@value
 * #PRODUCTION} of them, and PostgreSQL plans over every partition a query cannot prune. The
 * benchmark adds daily partitions after the last one (with the connector's own {@code
 * create_messages_partition}, as its maintenance job does) until there are that many, so that the
 * figures are those of a connector in service, not of a new installation.
 */
public final class MessagePartitions {

  /** 30 days of retention, today, and 3 days created ahead: the connector's defaults. */
  public static final int PRODUCTION = 34;

  private static final String LAST_UPPER_BOUND =
      """
      SELECT count(*),
             max(substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \\(''([^'']+)''\\)')
                     ::timestamptz)
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'connector.messages'::regclass""";

  private MessagePartitions() {}

  /** How many partitions {@code connector.messages} has. */
  public static int count(BenchSuite suite) throws SQLException {
    return extendTo(suite, 0);
  }

  /** Adds daily partitions after the last one until there are {@code count}; returns how many. */
  public static int extendTo(BenchSuite suite, int count) throws SQLException {
    try (Connection connection = suite.jdbc()) {
      connection.setAutoCommit(true);
      int partitions;
      OffsetDateTime last;
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery(LAST_UPPER_BOUND)) {
        row.next();
        partitions = row.getInt(1);
        last = row.getObject(2, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
      }
      try (PreparedStatement create =
          connection.prepareStatement("SELECT connector.create_messages_partition(?, ?)")) {
        for (; partitions < count; partitions++) {
          create.setObject(1, last);
          create.setObject(2, last.plusDays(1));
          create.execute();
          last = last.plusDays(1);
        }
      }
      return partitions;
    }
  }
}
