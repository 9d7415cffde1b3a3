package org.credrelay.connector.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LruCacheTest {

  @Test
  void beyondCapacity_forgetsTheLeastRecentlyUsed() {
    LruCache<String, Integer> cache = new LruCache<>(2);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.get("a"); // now b is the least recently used
    cache.put("c", 3);

    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("c")).isEqualTo(3);
    cache.remove("a");
    assertThat(cache.get("a")).isNull();
  }

  @Test
  void getOrLoad_loadsOnce_andRemembersNothingWhenTheLoaderThrows() {
    LruCache<String, Integer> cache = new LruCache<>(10);
    AtomicInteger loads = new AtomicInteger();

    assertThat(cache.getOrLoad("k", key -> loads.incrementAndGet())).isEqualTo(1);
    assertThat(cache.getOrLoad("k", key -> loads.incrementAndGet())).isEqualTo(1);
    assertThat(loads).hasValue(1);
    assertThatThrownBy(() -> cache.getOrLoad("unknown", key -> {
      throw new IllegalArgumentException("no such key");
    })).hasMessage("no such key");
    assertThat(cache.get("unknown")).isNull();
  }
}
