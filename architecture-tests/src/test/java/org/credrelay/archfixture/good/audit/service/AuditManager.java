package org.credrelay.archfixture.good.audit.service;

import org.credrelay.archfixture.good.key.RegisteredKey;
import org.credrelay.archfixture.good.key.service.KeyManager;

/** Fixture: another feature reaches the key feature through its service and domain types. */
public class AuditManager {
  private final KeyManager keys;

  public AuditManager(KeyManager keys) {
    this.keys = keys;
  }

  public String describe(String id) {
    RegisteredKey key = keys.key(id);
    return key.id();
  }
}
