package org.credrelay.archfixture.bad.r1transporttostore.key.store;

/** Fixture: a store. */
public class KeyStore {
  public String find(String id) {
    return id;
  }
}
