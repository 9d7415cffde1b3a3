package org.credrelay.archfixture.bad.r1transporttostore.key.rest;

import org.credrelay.archfixture.bad.r1transporttostore.key.store.KeyStore;

/** Fixture violating R1 only: a controller skips the service layer and reads the store. */
public class KeyController {
  private final KeyStore keys;

  public KeyController(KeyStore keys) {
    this.keys = keys;
  }

  public String key(String id) {
    return keys.find(id);
  }
}
