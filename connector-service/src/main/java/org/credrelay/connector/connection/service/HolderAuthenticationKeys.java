package org.credrelay.connector.connection.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.credrelay.connector.connection.store.HolderStore;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.springframework.stereotype.Service;

/**
 * The authentication keys of holders who accepted a connection, by key id, for request
 * verification. The id is the key's RFC 7638 thumbprint, so a found key never changes and the
 * parsed keys are held without expiry, bounded by count (least recently used go first).
 */
@Service
public class HolderAuthenticationKeys {

  private static final int MAX_CACHED_KEYS = 100_000;

  private final HolderStore holders;
  private final HolderKeyParser parser;
  private final Cache<String, PublicKeyJwk> parsedById =
      Caffeine.newBuilder().maximumSize(MAX_CACHED_KEYS).build();

  public HolderAuthenticationKeys(HolderStore holders, HolderKeyParser parser) {
    this.holders = holders;
    this.parser = parser;
  }

  /** The holder authentication key with {@code keyId}, if a holder registered it. */
  public Optional<PublicKeyJwk> find(String keyId) {
    PublicKeyJwk cached = parsedById.getIfPresent(keyId);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<PublicKeyJwk> found =
        holders
            .findPublicJwk(keyId)
            .map(jwk -> parser.parse(jwk, KeyUse.AUTHENTICATION, "holder key"));
    found.ifPresent(key -> parsedById.put(keyId, key));
    return found;
  }
}
