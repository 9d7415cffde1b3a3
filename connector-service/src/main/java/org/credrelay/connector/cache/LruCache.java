package org.credrelay.connector.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A thread-safe map of at most {@code capacity} entries that forgets the least recently used one
 * beyond that. For values that are pure functions of their key, or whose staleness the caller
 * tolerates (each use says why).
 */
public final class LruCache<K, V> {

  private final Map<K, V> entries;

  public LruCache(int capacity) {
    this.entries = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The value of {@code key}, or null. */
  public synchronized V get(K key) {
    return entries.get(key);
  }

  public synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  public synchronized void remove(K key) {
    entries.remove(key);
  }

  /**
   * The value of {@code key}, loaded and remembered if absent. The loader runs outside the lock, so
   * a slow load never blocks other keys; two threads may load the same key, which is harmless for
   * the pure loads this is meant for. A loader that throws remembers nothing.
   */
  public V getOrLoad(K key, Function<? super K, ? extends V> loader) {
    V value = get(key);
    if (value == null) {
      value = loader.apply(key);
      put(key, value);
    }
    return value;
  }
}
