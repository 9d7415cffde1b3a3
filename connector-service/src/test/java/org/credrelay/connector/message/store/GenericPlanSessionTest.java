package org.credrelay.connector.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every pooled session plans prepared statements generically (decision 0058): with one partition of
 * {@code connector.messages} per day of retention, a custom plan per execution cost more to plan
 * than the page query took to run.
 */
class GenericPlanSessionTest extends ConnectorIntegrationTest {

  @Autowired private DataSource dataSource;

  @Test
  void everyPooledSession_usesGenericPlans() throws SQLException {
    List<Connection> held = new ArrayList<>();
    try {
      // Several at once, so that more than one physical session of the pool is asked.
      for (int i = 0; i < 3; i++) {
        held.add(dataSource.getConnection());
      }
      for (Connection connection : held) {
        assertThat(planCacheMode(connection)).isEqualTo("force_generic_plan");
      }
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }
  }

  private static String planCacheMode(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW plan_cache_mode")) {
      row.next();
      return row.getString(1);
    }
  }
}
