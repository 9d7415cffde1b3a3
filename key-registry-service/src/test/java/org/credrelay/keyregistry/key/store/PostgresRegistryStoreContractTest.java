package org.credrelay.keyregistry.key.store;

import java.util.function.Supplier;
import org.credrelay.keyregistry.history.store.AppendOnlyKeyEventLog;
import org.credrelay.keyregistry.history.store.KeyOwnerStore;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The store contract against the stores on PostgreSQL. */
class PostgresRegistryStoreContractTest extends RegistryIntegrationTest
    implements RegistryStoreContract {

  @Autowired private KeyOwnerStore owners;

  @Autowired private KeyStore keys;

  @Autowired private AppendOnlyKeyEventLog log;

  @Autowired private SingleUseIdStore nonces;

  @Autowired private TransactionTemplate transaction;

  @Override
  public KeyOwnerStore owners() {
    return owners;
  }

  @Override
  public KeyStore keys() {
    return keys;
  }

  @Override
  public AppendOnlyKeyEventLog log() {
    return log;
  }

  @Override
  public SingleUseIdStore nonces() {
    return nonces;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return transaction.execute(status -> work.get());
  }
}
