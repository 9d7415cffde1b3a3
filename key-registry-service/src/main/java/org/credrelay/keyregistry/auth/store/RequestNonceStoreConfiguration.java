package org.credrelay.keyregistry.auth.store;

import javax.sql.DataSource;
import org.credrelay.db.ServiceSchema;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Single-use request nonces in {@code key_registry.request_nonces}, with rpc-signing's {@link
 * SingleUseIdStore}. The store takes its own connection from the pool, so a nonce is committed at
 * once, before the change it authorises runs: a request whose change then fails (or is rolled back)
 * still cannot be replayed. Committed synchronously: registry writes are rare and a replayed key
 * change after a database crash would be worse than a WAL flush per write.
 */
@Configuration(proxyBeanMethods = false)
public class RequestNonceStoreConfiguration {

  static final String TABLE = ServiceSchema.KEY_REGISTRY.schemaName() + ".request_nonces";

  @Bean
  SingleUseIdStore requestNonces(DataSource dataSource) {
    return new SingleUseIdStore(
        dataSource, TABLE, "nonce", SingleUseIdStore.Durability.SERVER_DEFAULT);
  }
}
