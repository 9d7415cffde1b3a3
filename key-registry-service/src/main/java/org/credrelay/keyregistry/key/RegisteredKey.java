package org.credrelay.keyregistry.key;

import java.time.Instant;
import java.util.Objects;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.KeyUsage;

/**
 * A key as the registry holds it. Everything but {@code revokedAt} is immutable once registered.
 *
 * @param revokedAt when the key is or was revoked (in the future during a rotation grace period);
 *     null while it is ACTIVE with no revocation scheduled
 * @param replacesKeyId the kid this key replaced by rotation, or null
 */
public record RegisteredKey(
    String keyId,
    KeyOwner owner,
    KeyUsage usage,
    String curve,
    String publicJwk,
    Instant createdAt,
    Instant revokedAt,
    String replacesKeyId) {

  public RegisteredKey {
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(owner);
    Objects.requireNonNull(usage);
    Objects.requireNonNull(curve);
    Objects.requireNonNull(publicJwk);
    Objects.requireNonNull(createdAt);
  }

  /** The status at {@code instant}: ACTIVE in [createdAt, revokedAt), REVOKED from revokedAt on. */
  public KeyStatus statusAt(Instant instant) {
    if (instant.isBefore(createdAt)) {
      return KeyStatus.NOT_YET_REGISTERED;
    }
    return revokedAt == null || instant.isBefore(revokedAt) ? KeyStatus.ACTIVE : KeyStatus.REVOKED;
  }

  public boolean isActiveAt(Instant instant) {
    return statusAt(instant) == KeyStatus.ACTIVE;
  }

  /** ACTIVE with no revocation scheduled: may authorise key changes (not inside a grace period). */
  public boolean isActiveWithoutScheduledRevocation(Instant instant) {
    return revokedAt == null && !instant.isBefore(createdAt);
  }

  /** The stored JWK as an e2e-crypto key (it was validated when registered). */
  public PublicKeyJwk publicKey() {
    try {
      return PublicKeyJwk.parse(publicJwk, usage.cryptoUse());
    } catch (KeyRejectedException e) {
      throw new IllegalStateException("stored key " + keyId + " no longer parses", e);
    }
  }

  /** This key with its (scheduled) revocation instant set. */
  public RegisteredKey revokedAt(Instant instant) {
    return new RegisteredKey(
        keyId, owner, usage, curve, publicJwk, createdAt, instant, replacesKeyId);
  }
}
