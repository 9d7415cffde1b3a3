package org.credrelay.e2ecrypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.credrelay.e2ecrypto.envelope.InMemorySeenMessageIds;
import org.credrelay.e2ecrypto.handshake.InMemoryJtiStore;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/** The in-memory stores are scoped as their interfaces promise and forget after expiry. */
class InMemoryStoresTest {

  private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  private final Instant later = clock.instant().plus(Duration.ofMinutes(5));

  @Test
  void seenMessageIds_areScopedPerConnection() {
    InMemorySeenMessageIds seen = new InMemorySeenMessageIds(clock);

    assertThat(seen.markSeen("c1", "m", later)).isTrue();
    assertThat(seen.markSeen("c2", "m", later)).isTrue();
    assertThat(seen.markSeen("c1", "m", later)).isFalse();
  }

  @Test
  void nonces_areScopedPerKey_andForgottenAfterExpiry() {
    InMemoryNonceStore nonces = new InMemoryNonceStore(clock);

    assertThat(nonces.markUsed("k1", "n", later)).isTrue();
    assertThat(nonces.markUsed("k2", "n", later)).isTrue();
    assertThat(nonces.markUsed("k1", "n", later)).isFalse();
    clock.advance(Duration.ofMinutes(5));
    assertThat(nonces.markUsed("k1", "n", later.plusSeconds(60))).isTrue();
  }

  @Test
  void jtis_areSingleUse() {
    InMemoryJtiStore jtis = new InMemoryJtiStore(clock);

    assertThat(jtis.markUsed("j", later)).isTrue();
    assertThat(jtis.markUsed("j", later)).isFalse();
  }
}
