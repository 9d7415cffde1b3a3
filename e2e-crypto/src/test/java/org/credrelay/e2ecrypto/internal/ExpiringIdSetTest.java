package org.credrelay.e2ecrypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

class ExpiringIdSetTest {

  private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  private final Instant inAMinute = clock.instant().plus(Duration.ofMinutes(1));

  @Test
  void add_acceptsAnIdOnceUntilItExpires() {
    ExpiringIdSet set = new ExpiringIdSet(clock, 10);

    assertThat(set.add("a", inAMinute)).isTrue();
    assertThat(set.add("a", inAMinute)).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(set.add("a", inAMinute.plus(Duration.ofMinutes(1)))).isTrue();
  }

  @Test
  void add_whenFullOfLiveIds_failsClosed_andRecoversAfterExpiry() {
    ExpiringIdSet set = new ExpiringIdSet(clock, 2);
    set.add("a", inAMinute);
    set.add("b", inAMinute);

    assertThatThrownBy(() -> set.add("c", inAMinute)).isInstanceOf(IllegalStateException.class);
    clock.advance(Duration.ofMinutes(2));
    assertThat(set.add("c", clock.instant().plusSeconds(1))).isTrue();
    assertThat(set.size()).isEqualTo(1);
  }
}
