package org.credrelay.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import org.credrelay.testsupport.DatabaseOutage;
import org.credrelay.testsupport.PostgresExtension;
import org.credrelay.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real failures of a real PostgreSQL server, classified. */
@ExtendWith(PostgresExtension.class)
class TransientDatabaseFailureTest {

  @Test
  void terminatedSession_isTransient(TestDatabase database) throws SQLException {
    try (Connection connection = database.connect()) {
      DatabaseOutage.begin(database).end(); // terminates every other session, this one included
      Throwable failure = catchThrowable(() -> select(connection, "SELECT 1"));
      Throwable afterwards = catchThrowable(() -> select(connection, "SELECT 1"));

      assertThat(failure).isInstanceOf(SQLException.class);
      assertThat(TransientDatabaseFailure.isTransient(failure)).isTrue();
      assertThat(TransientDatabaseFailure.isTransient(afterwards)).isTrue();
    }
  }

  /**
   * The failure a caller sees when the server goes away inside a transaction: the commit fails on
   * the broken connection, the pool evicts it, and the rollback that a transaction manager then
   * attempts fails with the pool's "Connection is closed" (no SQLSTATE), which is what reaches the
   * caller. It is as transient as the commit's failure (found by the chaos suite).
   */
  @Test
  void rollbackOnAConnectionThePoolClosedAfterTheServerDroppedIt_isTransient(TestDatabase database)
      throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.username());
    config.setPassword(database.password());
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config);
        Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      select(connection, "SELECT 1");
      DatabaseOutage.begin(database).end(); // the server terminates the pool's session

      Throwable commit = catchThrowable(connection::commit);
      Throwable rollback = catchThrowable(connection::rollback);

      assertThat(TransientDatabaseFailure.isTransient(commit)).isTrue();
      assertThat(rollback).isInstanceOf(SQLException.class);
      assertThat(((SQLException) rollback).getSQLState()).isNull();
      assertThat(TransientDatabaseFailure.isTransient(rollback)).isTrue();
    }
  }

  @Test
  void connectionRefused_isTransient() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Throwable failure =
        catchThrowable(
            () ->
                DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + closedPort + "/none?connectTimeout=2",
                    "u",
                    "p"));

    assertThat(TransientDatabaseFailure.isTransient(failure)).isTrue();
    // As the pool reports it: its own exception with the driver's as cause.
    assertThat(
            TransientDatabaseFailure.isTransient(
                new RuntimeException(
                    "wrapped", new SQLTransientConnectionException("pool timed out", failure))))
        .isTrue();
  }

  @Test
  void bugsAndRefusals_areNotTransient(TestDatabase database) throws SQLException {
    try (Connection connection = database.connect()) {
      Throwable syntax = catchThrowable(() -> select(connection, "SELEC 1"));
      Throwable division = catchThrowable(() -> select(connection, "SELECT 1 / 0"));

      assertThat(TransientDatabaseFailure.isTransient(syntax)).isFalse();
      assertThat(TransientDatabaseFailure.isTransient(division)).isFalse();
      assertThat(TransientDatabaseFailure.isTransient(new IllegalStateException("bug"))).isFalse();
    }
  }

  @Test
  void stateClasses_areClassified() {
    assertThat(TransientDatabaseFailure.isTransientState("53300")).isTrue(); // too many connections
    assertThat(TransientDatabaseFailure.isTransientState("08006")).isTrue();
    assertThat(TransientDatabaseFailure.isTransientState("40001")).isTrue();
    assertThat(TransientDatabaseFailure.isTransientState("23505")).isFalse(); // unique violation
    assertThat(TransientDatabaseFailure.isTransientState(null)).isFalse();
  }

  private static void select(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
