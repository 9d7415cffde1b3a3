package org.credrelay.keyregistry.key.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.credrelay.keyregistry.key.KeyOwner;
import org.credrelay.keyregistry.key.KeyUsage;
import org.credrelay.keyregistry.key.RegisteredKey;

/**
 * Public keys of DIDs and holder connections. Keys are never deleted and only their revocation time
 * ever changes, so everything else about a kid may be cached forever.
 */
public interface KeyStore {

  boolean exists(String keyId);

  /** Registers a key; the caller holds the owner's lock and has checked the kid is new. */
  void add(RegisteredKey key);

  /** Sets when a key is (or was) revoked; the caller holds the owner's lock. */
  void revokeAt(String keyId, Instant revokedAt);

  Optional<RegisteredKey> find(String keyId);

  /** Every key of an owner, every status, oldest first (then authentication before communication). */
  List<RegisteredKey> keysOf(KeyOwner owner);

  /**
   * Kids (with their scheduled revocation, if any) of an owner's keys that are ACTIVE at
   * {@code at}, optionally of one usage. An index-only scan of {@code keys_owner_usage_idx}.
   */
  List<KeyRevocation> activeKeyIds(KeyOwner owner, KeyUsage usageOrNull, Instant at);

  /** A kid's revocation time, from the primary key index alone; empty if the kid is unknown. */
  Optional<KeyRevocation> revocation(String keyId);

  /** A kid and when it is or was revoked (null: not revoked). */
  record KeyRevocation(String keyId, Instant revokedAt) {}
}
