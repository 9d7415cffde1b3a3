package org.credrelay.keyhistory;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * The result of a successful verification: the new head to pin and every key's lifecycle as the log
 * proves it.
 */
public record VerifiedKeyHistory(LogHead head, Map<String, KeyState> keys) {

  public VerifiedKeyHistory {
    keys = Map.copyOf(keys);
  }

  /** A key as the log describes it. {@code revokedAt} null: not revoked. */
  public record KeyState(
      String keyId, KeyUsage usage, PublicKeyJwk publicKey, Instant addedAt, Instant revokedAt) {

    public KeyStatus statusAt(Instant instant) {
      if (instant.isBefore(addedAt)) {
        return KeyStatus.NOT_YET_REGISTERED;
      }
      return revokedAt == null || instant.isBefore(revokedAt)
          ? KeyStatus.ACTIVE
          : KeyStatus.REVOKED;
    }
  }

  public Optional<KeyState> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }
}
