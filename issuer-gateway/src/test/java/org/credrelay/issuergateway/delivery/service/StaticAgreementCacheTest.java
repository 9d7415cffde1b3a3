package org.credrelay.issuergateway.delivery.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decision 0049: Zs is remembered per (issuer key, holder key) thumbprints, bounded, and dropped.
 */
class StaticAgreementCacheTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;

  @ParameterizedTest
  @EnumSource(
      value = KeyCurve.class,
      names = {"X25519", "P_256"})
  void agree_isTheComputedValue_andEachCallGetsItsOwnCopy(KeyCurve curve) throws Exception {
    StaticAgreementCache cache = new StaticAgreementCache(100, ticker);
    KeyPairJwk issuer = Keys.generate(curve, RANDOM);
    PublicKeyJwk holder = Keys.generate(curve, RANDOM).publicKey();

    byte[] first = cache.agree(issuer, holder);
    byte[] expected = issuer.agree(holder);
    assertThat(first).isEqualTo(expected);
    java.util.Arrays.fill(first, (byte) 0); // what the key wrap does after use

    assertThat(cache.agree(issuer, holder)).isEqualTo(expected);
    assertThat(cache.remembers(issuer.publicKey().thumbprint(), holder.thumbprint())).isTrue();
  }

  @Test
  void aRotatedKeyOnEitherSide_neverMeetsTheOldValue() throws Exception {
    StaticAgreementCache cache = new StaticAgreementCache(100, ticker);
    KeyPairJwk issuer = Keys.generate(KeyCurve.X25519, RANDOM);
    KeyPairJwk rotatedIssuer = Keys.generate(KeyCurve.X25519, RANDOM);
    PublicKeyJwk holder = Keys.generate(KeyCurve.X25519, RANDOM).publicKey();
    PublicKeyJwk rotatedHolder = Keys.generate(KeyCurve.X25519, RANDOM).publicKey();
    byte[] old = cache.agree(issuer, holder);

    assertThat(cache.agree(issuer, rotatedHolder))
        .isEqualTo(issuer.agree(rotatedHolder))
        .isNotEqualTo(old);
    assertThat(cache.agree(rotatedIssuer, holder))
        .isEqualTo(rotatedIssuer.agree(holder))
        .isNotEqualTo(old);
    // A new kid on the same key material is the same key: the value is the same too.
    assertThat(cache.agree(issuer, holder.withKid("did:key:renamed#k"))).isEqualTo(old);
  }

  @Test
  void theSizeBoundHolds() throws Exception {
    StaticAgreementCache cache = new StaticAgreementCache(3, ticker);
    KeyPairJwk issuer = Keys.generate(KeyCurve.X25519, RANDOM);
    for (int i = 0; i < 20; i++) {
      cache.agree(issuer, Keys.generate(KeyCurve.X25519, RANDOM).publicKey());
    }

    assertThat(cache.size()).isLessThanOrEqualTo(3);
  }

  @Test
  void anEntryUnusedForTenMinutes_isDropped() throws Exception {
    StaticAgreementCache cache = new StaticAgreementCache(100, ticker);
    KeyPairJwk issuer = Keys.generate(KeyCurve.X25519, RANDOM);
    PublicKeyJwk used = Keys.generate(KeyCurve.X25519, RANDOM).publicKey();
    PublicKeyJwk unused = Keys.generate(KeyCurve.X25519, RANDOM).publicKey();
    cache.agree(issuer, used);
    cache.agree(issuer, unused);

    nanos.addAndGet(Duration.ofMinutes(6).toNanos());
    cache.agree(issuer, used);
    nanos.addAndGet(Duration.ofMinutes(6).toNanos());

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.remembers(issuer.publicKey().thumbprint(), used.thumbprint())).isTrue();
  }

  @Test
  void forgettingAKey_dropsEveryPairItIsIn() throws Exception {
    StaticAgreementCache cache = new StaticAgreementCache(100, ticker);
    KeyPairJwk issuer = Keys.generate(KeyCurve.X25519, RANDOM);
    KeyPairJwk otherIssuer = Keys.generate(KeyCurve.X25519, RANDOM);
    PublicKeyJwk holder = Keys.generate(KeyCurve.X25519, RANDOM).publicKey();
    PublicKeyJwk otherHolder = Keys.generate(KeyCurve.X25519, RANDOM).publicKey();
    cache.agree(issuer, holder);
    cache.agree(issuer, otherHolder);
    cache.agree(otherIssuer, holder);
    cache.agree(otherIssuer, otherHolder);

    cache.forgetPeerKey(holder.thumbprint());
    assertThat(cache.size()).isEqualTo(2);
    cache.forgetOwnKey(issuer.publicKey().thumbprint());

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.remembers(otherIssuer.publicKey().thumbprint(), otherHolder.thumbprint()))
        .isTrue();
  }
}
