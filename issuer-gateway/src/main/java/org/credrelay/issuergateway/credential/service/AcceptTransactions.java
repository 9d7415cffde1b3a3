package org.credrelay.issuergateway.credential.service;

import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The accepting transaction of an issuing request, as a plain JDBC transaction on the gateway's
 * DataSource instead of the JPA transaction manager's: no Hibernate session is opened and flushed
 * for a path whose statements are all JdbcClient (decision 0048). The manager is private to this
 * class, not a bean, so {@code @Transactional} elsewhere keeps the JPA transaction manager. Code
 * run inside must not use JPA or {@code @Transactional}: the JPA manager refuses to start inside a
 * JDBC transaction on the same DataSource.
 */
@Component
class AcceptTransactions {

  private final TransactionTemplate transactions;

  AcceptTransactions(DataSource dataSource) {
    JdbcTransactionManager manager = new JdbcTransactionManager(dataSource);
    manager.afterPropertiesSet();
    this.transactions = new TransactionTemplate(manager);
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  <T> T execute(Supplier<T> work) {
    return transactions.execute(status -> work.get());
  }
}
