package org.credrelay.keyregistry.key.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.keyregistry.key.store.KeyStore;
import org.springframework.stereotype.Service;

/**
 * The registered keys as other features see them: the managers of DIDs, connections and operator
 * revocations read and change keys here, never through {@link KeyStore}. Changes run inside the
 * caller's transaction while it holds the owner's change lock.
 */
@Service
public class KeyManager {

  private final KeyStore keys;

  public KeyManager(KeyStore keys) {
    this.keys = keys;
  }

  public boolean exists(String keyId) {
    return keys.exists(keyId);
  }

  public Optional<RegisteredKey> find(String keyId) {
    return keys.find(keyId);
  }

  /** Every key of an owner, every status, oldest first. */
  public List<RegisteredKey> keysOf(KeyOwner owner) {
    return keys.keysOf(owner);
  }

  /** Registers a new key; the caller holds the owner's lock and has checked the kid is new. */
  public void add(RegisteredKey key) {
    keys.add(key);
  }

  /** Sets when a key is (or was) revoked; the caller holds the owner's lock. */
  public void revokeAt(String keyId, Instant revokedAt) {
    keys.revokeAt(keyId, revokedAt);
  }
}
