package org.credrelay.archfixture.good.key.service;

import org.credrelay.archfixture.good.key.RegisteredKey;
import org.credrelay.archfixture.good.key.store.KeyStore;

/** Fixture: the service layer uses its own feature's store. */
public class KeyManager {
  private final KeyStore store;
  private final KeyCache cache = new KeyCache();

  public KeyManager(KeyStore store) {
    this.store = store;
  }

  public RegisteredKey key(String id) {
    return cache.get(id, store::find);
  }
}
