package org.credrelay.archfixture.bad.r5.connection.service;

import org.credrelay.archfixture.bad.r5peer.key.service.KeyManager;

/** Fixture violating R5 only: a service calls another service's code instead of its API. */
public class ConnectionManager {
  public String key(String id) {
    return new KeyManager().key(id);
  }
}
