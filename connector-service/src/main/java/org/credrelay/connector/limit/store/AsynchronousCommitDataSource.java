package org.credrelay.connector.limit.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The connector's pool, but every transaction begun on it ({@code setAutoCommit(false)}) commits
 * asynchronously: {@code synchronous_commit = off}, local to that transaction, so the setting never
 * leaks into the pool.
 *
 * <p>For token buckets only (decision 0008 applies the same to request nonces): a bucket's row is
 * locked from its read to its commit, so with a durable commit every take of one sender would wait
 * for the WAL flushes of all takes before it, one after another. A crash loses at most the last few
 * hundred milliseconds of takes, which hands a sender a few tokens back; nothing is stored or
 * refused wrongly.
 */
final class AsynchronousCommitDataSource extends DelegatingDataSource {

  private static final String ASYNCHRONOUS_COMMIT =
      "SELECT set_config('synchronous_commit', 'off', true)";

  AsynchronousCommitDataSource(DataSource pool) {
    super(pool);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return asynchronous(super.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return asynchronous(super.getConnection(username, password));
  }

  private static Connection asynchronous(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            AsynchronousCommitDataSource.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new SettingHandler(connection));
  }

  /** Sets the commit mode as the first statement of each transaction begun on the connection. */
  private record SettingHandler(Connection target) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (method.getName().equals("setAutoCommit") && Boolean.FALSE.equals(args[0])) {
        try (Statement statement = target.createStatement()) {
          statement.execute(ASYNCHRONOUS_COMMIT);
        }
      }
      return result;
    }
  }
}
