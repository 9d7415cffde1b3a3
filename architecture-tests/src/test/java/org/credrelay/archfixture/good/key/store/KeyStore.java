package org.credrelay.archfixture.good.key.store;

import org.credrelay.archfixture.good.key.RegisteredKey;

/** Fixture: the store maps entities to domain types. */
public class KeyStore {
  private final KeyRepository repository;

  KeyStore(KeyRepository repository) {
    this.repository = repository;
  }

  public RegisteredKey find(String id) {
    KeyEntity entity = repository.findById(id);
    return new RegisteredKey(entity.id, entity.jwk);
  }
}
