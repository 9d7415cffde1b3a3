package org.credrelay.connector.connection.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Holders' authentication keys, by key id (RFC 7638 thumbprint): the keys that verify holders'
 * signed requests. A key is recorded when a holder first accepts a connection with it.
 */
public interface HolderStore {

  /** The public authentication JWK (JSON) of {@code keyId}. */
  Optional<String> findPublicJwk(String keyId);

  /** Records the key unless known. Joins the caller's transaction. */
  void insertIfAbsent(String keyId, String publicJwk, Instant createdAt);
}
