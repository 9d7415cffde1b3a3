package org.credrelay.keyhistory;

import static org.credrelay.keyhistory.KeyHistoryException.Problem.MALFORMED_EVENT;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/** Received protobuf events to the domain form the hash is defined on. */
final class ProtoEvents {

  private ProtoEvents() {}

  static KeyEvent toDomain(KeyOwner owner, org.credrelay.proto.keyregistry.v1.KeyEvent event)
      throws KeyHistoryException {
    long sequence = event.getSequence();
    KeyEventType type =
        switch (event.getType()) {
          case KEY_EVENT_TYPE_ADDED -> KeyEventType.ADDED;
          case KEY_EVENT_TYPE_ROTATED -> KeyEventType.ROTATED;
          case KEY_EVENT_TYPE_REVOKED -> KeyEventType.REVOKED;
          default -> throw new KeyHistoryException(MALFORMED_EVENT, sequence, "unknown event type");
        };
    KeyUsage usage =
        switch (event.getUsage()) {
          case KEY_USAGE_COMMUNICATION -> KeyUsage.COMMUNICATION;
          case KEY_USAGE_AUTHENTICATION -> KeyUsage.AUTHENTICATION;
          default -> throw new KeyHistoryException(MALFORMED_EVENT, sequence, "unknown usage");
        };
    if (!event.hasOccurredAt() || !event.hasAuthorization() || event.getKeyId().isEmpty()) {
      throw new KeyHistoryException(
          MALFORMED_EVENT, sequence, "occurred_at, key_id, authorization required");
    }
    boolean rotated = type == KeyEventType.ROTATED;
    if (rotated != !event.getReplacedKeyId().isEmpty()
        || rotated != event.hasReplacedKeyRevokedAt()) {
      throw new KeyHistoryException(
          MALFORMED_EVENT,
          sequence,
          "replaced_key_id and replaced_key_revoked_at are set exactly for ROTATED");
    }
    var auth = event.getAuthorization();
    return new KeyEvent(
        owner,
        sequence,
        type,
        event.getKeyId(),
        usage,
        event.getPublicKey().getJwk(),
        rotated ? event.getReplacedKeyId() : null,
        rotated ? millis(event.getReplacedKeyRevokedAt(), sequence) : null,
        millis(event.getOccurredAt(), sequence),
        event.getPreviousHash(),
        event.getEventHash(),
        new EventAuthorization(
            auth.getSignerKeyId(),
            auth.getMethod(),
            auth.getNonce(),
            auth.getTimestampMillis(),
            auth.getSignedPayload().toByteArray(),
            auth.getSignature().toByteArray()));
  }

  /** The event's key, checked the same way the registry checked it. */
  static PublicKeyJwk publicKey(KeyEvent event) throws KeyHistoryException {
    try {
      PublicKeyJwk key = PublicKeyJwk.parse(event.publicJwk(), event.usage().cryptoUse());
      if (!key.kid().equals(event.keyId())) {
        throw new KeyHistoryException(
            MALFORMED_EVENT, event.sequence(), "key_id is not the JWK's kid");
      }
      return key;
    } catch (KeyRejectedException e) {
      throw new KeyHistoryException(
          MALFORMED_EVENT, event.sequence(), "bad JWK: " + e.getMessage());
    }
  }

  /** Event times are whole milliseconds (the hash encodes epoch milliseconds). */
  private static Instant millis(Timestamp timestamp, long sequence) throws KeyHistoryException {
    if (timestamp.getNanos() % 1_000_000 != 0 || timestamp.getNanos() < 0) {
      throw new KeyHistoryException(MALFORMED_EVENT, sequence, "times must be whole milliseconds");
    }
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
