package org.credrelay.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** One database on the shared test server, owned by one test class or one Spring context. */
public record TestDatabase(String jdbcUrl, String username, String password) {

  /** A simple, non-pooled data source for this database. */
  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl);
    dataSource.setUser(username);
    dataSource.setPassword(password);
    return dataSource;
  }

  /** Opens a new JDBC connection; the caller closes it. */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", username);
    properties.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl, properties);
  }
}
