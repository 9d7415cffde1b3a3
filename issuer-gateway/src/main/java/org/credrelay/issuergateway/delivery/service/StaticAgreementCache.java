package org.credrelay.issuergateway.delivery.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Arrays;
import org.credrelay.e2ecrypto.envelope.StaticAgreements;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Remembers the static-static agreement {@code Zs} of ECDH-1PU per (issuer key, holder key), so
 * sealing a credential computes one ECDH instead of two, and opening a holder's receipt likewise
 * (decision 0049). Keyed by both RFC 7638 thumbprints, never by connection or kid, so a rotated key
 * on either side can never meet an old value; the sealed bytes are the same as without the cache.
 *
 * <p>{@code Zs} lets its holder do no more than the issuer's private key, which {@code
 * IssuerIdentityCache} already keeps decrypted in memory, and it is kept the same way: at most
 * {@code gateway.delivery.cache-size} pairs, dropped after {@link #UNUSED_FOR} unused, zeroed when
 * dropped, and dropped at once where a key stops being used (issuer key rotation, holder key
 * re-pin, a closed connection: {@link #forgetOwnKey}, {@link #forgetPeerKey}).
 */
@Component
public class StaticAgreementCache implements StaticAgreements {

  static final Duration UNUSED_FOR = Duration.ofMinutes(10);

  private final Cache<Pair, Secret> values;

  @Autowired
  public StaticAgreementCache(DeliveryProperties properties) {
    this(properties.cacheSize(), Ticker.systemTicker());
  }

  StaticAgreementCache(long maximumSize, Ticker ticker) {
    this.values =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .expireAfterAccess(UNUSED_FOR)
            .ticker(ticker)
            // Zeroed on the evicting thread, at once, not later on a pool.
            .executor(Runnable::run)
            .<Pair, Secret>removalListener((pair, secret, cause) -> secret.destroy())
            .build();
  }

  @Override
  public byte[] agree(KeyPairJwk own, PublicKeyJwk peer) throws KeyRejectedException {
    Pair pair = new Pair(own.publicKey().thumbprint(), peer.thumbprint());
    Secret cached = values.getIfPresent(pair);
    byte[] copy = cached == null ? null : cached.copy();
    if (copy != null) {
      return copy;
    }
    // Computed outside the cache's locks; two threads computing the same pair only waste work.
    byte[] zs = own.agree(peer);
    Secret fresh = new Secret(zs.clone());
    if (values.asMap().putIfAbsent(pair, fresh) != null) {
      fresh.destroy();
    }
    return zs;
  }

  /** The issuer no longer uses its key with this thumbprint (rotated). */
  public void forgetOwnKey(String thumbprint) {
    values.asMap().keySet().removeIf(pair -> pair.own().equals(thumbprint));
  }

  /** The holder key with this thumbprint is no longer pinned (re-pinned, connection closed). */
  public void forgetPeerKey(String thumbprint) {
    values.asMap().keySet().removeIf(pair -> pair.peer().equals(thumbprint));
  }

  /** Whether {@code Zs} of these two keys (by thumbprint) is held; for tests. */
  public boolean remembers(String ownThumbprint, String peerThumbprint) {
    return values.asMap().containsKey(new Pair(ownThumbprint, peerThumbprint));
  }

  /** How many pairs are held (after pending evictions ran); for tests and metrics. */
  long size() {
    values.cleanUp();
    return values.estimatedSize();
  }

  private record Pair(String own, String peer) {}

  /**
   * One remembered value. Copied and zeroed under its lock, so a reader never copies a value that
   * an eviction is zeroing at the same time (it gets null and computes afresh).
   */
  private static final class Secret {
    private byte[] value;

    Secret(byte[] value) {
      this.value = value;
    }

    synchronized byte[] copy() {
      return value == null ? null : value.clone();
    }

    synchronized void destroy() {
      if (value != null) {
        Arrays.fill(value, (byte) 0);
        value = null;
      }
    }
  }
}
