package org.credrelay.keyregistry.key.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.config.LookupProperties;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.key.KeyOwnerErrors;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.keyregistry.key.store.KeyStore;
import org.credrelay.keyregistry.key.store.KeyStore.KeyRevocation;
import org.springframework.stereotype.Service;

/**
 * Answers "which keys may be used for this owner now" and "what was this kid's status then". The
 * two hot questions are answered from an index alone ({@link KeyStore#activeKeyIds}, {@link
 * KeyStore#revocation}) plus the {@link ImmutableKeyCache}; every answer carries the {@code
 * max_age_seconds} a client may cache it for. Counts lookups as {@value #LOOKUPS} by kind and
 * outcome.
 */
@Service
public class KeyLookupManager {

  static final String LOOKUPS = "keyregistry.lookups";

  private final KeyStore keys;
  private final ImmutableKeyCache cache;
  private final LookupProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;

  public KeyLookupManager(
      KeyStore keys,
      ImmutableKeyCache cache,
      LookupProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.keys = keys;
    this.cache = cache;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
  }

  /** Keys (ACTIVE ones, unless filtered otherwise) and how long the answer may be cached. */
  public record ActiveKeys(List<RegisteredKey> keys, int maxAgeSeconds) {}

  /** A key, its status at an instant, and how long the answer may be cached. */
  public record KeyAt(RegisteredKey key, KeyStatus statusAt, Instant at, int maxAgeSeconds) {}

  /**
   * The keys of {@code owner} that are ACTIVE now, of one usage or (null) all.
   *
   * @throws RegistryException NOT_FOUND for an unknown owner
   */
  public ActiveKeys activeKeys(KeyOwner owner, KeyUsage usageOrNull) {
    Instant now = clock.instant();
    List<KeyRevocation> active = keys.activeKeyIds(owner, usageOrNull, now);
    if (active.isEmpty() && !keys.ownerHasKeys(owner)) {
      count(kind(owner) + "_active", "not_found");
      throw KeyOwnerErrors.notFound(owner);
    }
    List<RegisteredKey> result = new ArrayList<>(active.size());
    for (KeyRevocation row : active) {
      // A key that vanished between the two reads cannot exist (keys are never deleted).
      cache
          .get(row.keyId(), keys::find)
          .ifPresent(key -> result.add(key.revokedAt(row.revokedAt())));
    }
    count(kind(owner) + "_active", "found");
    return new ActiveKeys(List.copyOf(result), properties.maxAgeSeconds());
  }

  /**
   * A key by kid with its status at {@code atOrNull} (null = now).
   *
   * @throws RegistryException NOT_FOUND for an unknown kid
   */
  public KeyAt keyAt(String keyId, Instant atOrNull) {
    Instant at = atOrNull == null ? clock.instant() : atOrNull;
    Optional<KeyRevocation> revocation = keys.revocation(keyId);
    Optional<RegisteredKey> key =
        revocation
            .flatMap(row -> cache.get(keyId, keys::find))
            .map(cached -> cached.revokedAt(revocation.get().revokedAt()));
    if (key.isEmpty()) {
      count("key_at", "not_found");
      throw new RegistryException(Reason.UNKNOWN_KEY, "unknown key id " + keyId);
    }
    count("key_at", "found");
    return new KeyAt(key.get(), key.get().statusAt(at), at, properties.maxAgeSeconds());
  }

  /**
   * Keys of an owner filtered by status now (null = every status) and usage (null = every usage).
   * The ACTIVE case is {@link #activeKeys}.
   *
   * @throws RegistryException NOT_FOUND for an unknown owner
   */
  public ActiveKeys listKeys(KeyOwner owner, KeyStatus statusOrNull, KeyUsage usageOrNull) {
    if (statusOrNull == KeyStatus.ACTIVE) {
      return activeKeys(owner, usageOrNull);
    }
    Instant now = clock.instant();
    List<RegisteredKey> matching =
        allKeys(owner).stream()
            .filter(key -> statusOrNull == null || key.statusAt(now) == statusOrNull)
            .filter(key -> usageOrNull == null || key.usage() == usageOrNull)
            .toList();
    return new ActiveKeys(matching, properties.maxAgeSeconds());
  }

  /**
   * Every key of an owner (every status), oldest first.
   *
   * @throws RegistryException NOT_FOUND for an unknown owner
   */
  public List<RegisteredKey> allKeys(KeyOwner owner) {
    List<RegisteredKey> all = keys.keysOf(owner);
    if (all.isEmpty()) {
      count(kind(owner) + "_all", "not_found");
      throw KeyOwnerErrors.notFound(owner);
    }
    count(kind(owner) + "_all", "found");
    return all;
  }

  /** How long a client may cache a lookup answer, in whole seconds. */
  public int maxAgeSeconds() {
    return properties.maxAgeSeconds();
  }

  private static String kind(KeyOwner owner) {
    return owner.type().name().toLowerCase(java.util.Locale.ROOT);
  }

  private void count(String kind, String outcome) {
    Counter.builder(LOOKUPS)
        .description("Key lookups by kind and outcome")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }
}
