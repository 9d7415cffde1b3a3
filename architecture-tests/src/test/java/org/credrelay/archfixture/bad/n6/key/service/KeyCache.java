package org.credrelay.archfixture.bad.n6.key.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Fixture violating N6 only: a hand-made cache on a map, unbounded in time. */
class KeyCache {
  private final Map<String, String> keys = new ConcurrentHashMap<>();

  String get(String id) {
    return keys.computeIfAbsent(id, String::toUpperCase);
  }
}
