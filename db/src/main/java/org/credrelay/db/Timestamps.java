package org.credrelay.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading the services' {@code TIMESTAMPTZ} columns from JDBC rows, one way for every store. */
public final class Timestamps {

  private Timestamps() {}

  /** The instant in {@code column} of the current row, or null if it is NULL. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
