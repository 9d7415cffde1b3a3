package org.credrelay.connector.auth.store;

import javax.sql.DataSource;
import org.credrelay.db.ServiceSchema;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Single-use request nonces in {@code connector.request_nonces}, shared by every replica (threat
 * model S7), with rpc-signing's {@link SingleUseIdStore}. Committed asynchronously (decision 0008):
 * every signed request, reads included, writes a nonce, and waiting for a WAL flush on each would
 * put a disk sync into every RPC's latency.
 */
@Configuration(proxyBeanMethods = false)
public class RequestNonceStoreConfiguration {

  /**
   * The table, also written by the send path's rate-limit take ({@code RateLimitBucketStore}, which
   * names it itself), recording a SendMessage's nonce in its own statement (decision
   * 0047-connsend).
   */
  static final String TABLE = ServiceSchema.CONNECTOR.schemaName() + ".request_nonces";

  @Bean
  SingleUseIdStore requestNonces(DataSource dataSource) {
    return new SingleUseIdStore(
        dataSource, TABLE, "nonce", SingleUseIdStore.Durability.ASYNCHRONOUS_COMMIT);
  }
}
