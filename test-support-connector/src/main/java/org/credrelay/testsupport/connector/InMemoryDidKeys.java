package org.credrelay.testsupport.connector;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/** DID keys held in memory: the fake's stand-in for the key registry's DID documents. */
public final class InMemoryDidKeys implements DidKeys {

  private final Map<String, List<PublicKeyJwk>> keys = new ConcurrentHashMap<>();

  /** Registers {@code key} as an ACTIVE key of {@code did}. */
  public InMemoryDidKeys add(String did, PublicKeyJwk key) {
    keys.computeIfAbsent(did, d -> new CopyOnWriteArrayList<>()).add(key);
    return this;
  }

  @Override
  public List<PublicKeyJwk> activeKeys(String did) {
    return List.copyOf(keys.getOrDefault(did, List.of()));
  }
}
