package org.credrelay.archfixture.bad.r5peer.key.service;

/** Fixture: a class of another "service". */
public class KeyManager {
  public String key(String id) {
    return id;
  }
}
