package org.credrelay.keyhistory;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an owner's append-only key event log. {@code eventHash} is {@link
 * KeyEventHashing#hash(KeyEvent)}; every time is whole milliseconds.
 *
 * @param replacedKeyId for ROTATED: the key that was replaced, else null
 * @param replacedKeyRevokedAt for ROTATED: when the replaced key becomes REVOKED, else null
 * @param previousHash the previous event's hash, "" for sequence 1
 */
public record KeyEvent(
    KeyOwner owner,
    long sequence,
    KeyEventType type,
    String keyId,
    KeyUsage usage,
    String publicJwk,
    String replacedKeyId,
    Instant replacedKeyRevokedAt,
    Instant occurredAt,
    String previousHash,
    String eventHash,
    EventAuthorization authorization) {

  public KeyEvent {
    Objects.requireNonNull(owner);
    Objects.requireNonNull(type);
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(usage);
    Objects.requireNonNull(publicJwk);
    Objects.requireNonNull(occurredAt);
    Objects.requireNonNull(previousHash);
    Objects.requireNonNull(eventHash);
    Objects.requireNonNull(authorization);
  }

  public LogHead head() {
    return new LogHead(sequence, eventHash);
  }

  /** Builds the next event after {@code head} and computes its hash. */
  public static KeyEvent next(
      KeyOwner owner,
      LogHead head,
      KeyEventType type,
      String keyId,
      KeyUsage usage,
      String publicJwk,
      String replacedKeyId,
      Instant replacedKeyRevokedAt,
      Instant occurredAt,
      EventAuthorization authorization) {
    KeyEvent unhashed =
        new KeyEvent(
            owner,
            head.sequence() + 1,
            type,
            keyId,
            usage,
            publicJwk,
            replacedKeyId,
            replacedKeyRevokedAt,
            occurredAt,
            head.eventHash(),
            "",
            authorization);
    return unhashed.withHash(KeyEventHashing.hash(unhashed));
  }

  KeyEvent withHash(String hash) {
    return new KeyEvent(
        owner,
        sequence,
        type,
        keyId,
        usage,
        publicJwk,
        replacedKeyId,
        replacedKeyRevokedAt,
        occurredAt,
        previousHash,
        hash,
        authorization);
  }
}
