package org.credrelay.issuergateway.handshake.store;

import javax.sql.DataSource;
import org.credrelay.db.ServiceSchema;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Accepted handshake JWT ids in {@code issuer_gateway.handshake_jtis}, shared by all gateway
 * replicas, with rpc-signing's {@link SingleUseIdStore}. Through a transaction-aware proxy the
 * insert joins the caller's transaction: a handshake that rolls back does not use up its jti.
 */
@Configuration(proxyBeanMethods = false)
public class HandshakeJtiStoreConfiguration {

  static final String TABLE = ServiceSchema.ISSUER_GATEWAY.schemaName() + ".handshake_jtis";

  @Bean
  SingleUseIdStore handshakeJtis(DataSource dataSource) {
    return new SingleUseIdStore(
        new TransactionAwareDataSourceProxy(dataSource),
        TABLE,
        "jti",
        SingleUseIdStore.Durability.SERVER_DEFAULT);
  }
}
