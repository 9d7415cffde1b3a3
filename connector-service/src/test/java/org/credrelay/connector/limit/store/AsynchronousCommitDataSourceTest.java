package org.credrelay.connector.limit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.credrelay.testsupport.PostgresExtension;
import org.credrelay.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AsynchronousCommitDataSourceTest {

  @Test
  void transaction_commitsAsynchronously_andTheSettingEndsWithIt(TestDatabase database)
      throws SQLException {
    AsynchronousCommitDataSource dataSource =
        new AsynchronousCommitDataSource(database.dataSource());
    try (Connection connection = dataSource.getConnection()) {
      // The test server runs with synchronous_commit=off; a production server has it on.
      execute(connection, "SET synchronous_commit = on");
      assertThat(synchronousCommit(connection)).isEqualTo("on");

      connection.setAutoCommit(false);
      assertThat(synchronousCommit(connection)).isEqualTo("off");
      connection.commit();

      connection.setAutoCommit(true);
      assertThat(synchronousCommit(connection)).isEqualTo("on");
    }
  }

  @Test
  void statementsOutsideATransaction_keepTheServerSetting(TestDatabase database)
      throws SQLException {
    AsynchronousCommitDataSource dataSource =
        new AsynchronousCommitDataSource(database.dataSource());
    try (Connection connection = dataSource.getConnection()) {
      execute(connection, "SET synchronous_commit = on");
      connection.setAutoCommit(true);
      assertThat(synchronousCommit(connection)).isEqualTo("on");
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String synchronousCommit(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW synchronous_commit")) {
      row.next();
      return row.getString(1);
    }
  }
}
