package org.credrelay.keyregistry.connection.service;

import java.time.Duration;
import java.time.Instant;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyEventType;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyregistry.auth.SignedRequest;
import org.credrelay.keyregistry.config.RotationProperties;
import org.credrelay.keyregistry.connection.ConnectionId;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.history.service.KeyHistoryManager;
import org.credrelay.keyregistry.history.service.KeyLogWriter;
import org.credrelay.keyregistry.key.KeyOwnerErrors;
import org.credrelay.keyregistry.key.NewKey;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.keyregistry.key.service.KeyChangeMetrics;
import org.credrelay.keyregistry.key.service.KeyClock;
import org.credrelay.keyregistry.key.service.KeyManager;
import org.credrelay.keyregistry.key.service.RotationGracePeriod;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holder key rotation (RotateConnectionKey, docs/PROTOCOL.md §7.8): the holder replaces the
 * communication key of one connection, e.g. after moving to a new device, without a new invitation.
 * Only the holder can: the request must be signed by the authentication key the connection's log
 * added first (bound to the connection by the holder's key binding proof), ACTIVE and not scheduled
 * for revocation. The signed request is the ROTATED event's authorization, so every client that
 * verifies the connection's log (key-history) can check it. Like a DID rotation it is one
 * transaction holding the connection's lock, so concurrent rotations cannot both win.
 */
@Service
public class ConnectionKeyRotationManager {

  private final KeyManager keys;
  private final KeyLogWriter logWriter;
  private final KeyHistoryManager history;
  private final RotationProperties rotation;
  private final KeyClock clock;
  private final TransactionTemplate transaction;
  private final KeyChangeMetrics metrics;

  public ConnectionKeyRotationManager(
      KeyManager keys,
      KeyLogWriter logWriter,
      KeyHistoryManager history,
      RotationProperties rotation,
      KeyClock clock,
      TransactionTemplate transaction,
      KeyChangeMetrics metrics) {
    this.keys = keys;
    this.logWriter = logWriter;
    this.history = history;
    this.rotation = rotation;
    this.clock = clock;
    this.transaction = transaction;
    this.metrics = metrics;
  }

  /** The new key (ACTIVE), the old one with its revocation instant, and the log's new head. */
  public record ConnectionKeyRotated(RegisteredKey newKey, RegisteredKey oldKey, LogHead head) {}

  /**
   * @param newKey the replacement, a communication key
   * @param requestedGraceSeconds how long the old key stays ACTIVE; 0 = the configured default
   * @throws RegistryException INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION,
   *     ALREADY_EXISTS, ABORTED
   */
  public ConnectionKeyRotated rotate(
      ConnectionId connectionId,
      String oldKeyId,
      NewKey newKey,
      long requestedGraceSeconds,
      SignedRequest signed) {
    Duration grace = RotationGracePeriod.of(requestedGraceSeconds, rotation);
    KeyOwner owner = connectionId.owner();
    EventAuthorization proof = signed.authorization();
    ConnectionKeyRotated result =
        transaction.execute(
            status -> {
              Instant now = clock.now();
              LogHead head =
                  logWriter.lockForChange(owner).orElseThrow(() -> KeyOwnerErrors.notFound(owner));
              requireHolder(owner, signed, now);
              RegisteredKey old =
                  keys.find(oldKeyId)
                      .filter(key -> key.owner().equals(owner))
                      .orElseThrow(
                          () ->
                              new RegistryException(
                                  Reason.UNKNOWN_KEY,
                                  "connection " + owner.id() + " has no key " + oldKeyId));
              if (old.usage() != KeyUsage.COMMUNICATION) {
                throw new RegistryException(
                    Reason.USAGE_MISMATCH, oldKeyId + " is not a communication key");
              }
              if (!old.isActiveWithoutScheduledRevocation(now)) {
                throw new RegistryException(
                    Reason.KEY_NOT_ACTIVE, oldKeyId + " is revoked or already being rotated out");
              }
              if (keys.exists(newKey.keyId())) {
                throw new RegistryException(
                    Reason.KEY_EXISTS, "key id " + newKey.keyId() + " is registered");
              }
              RegisteredKey added =
                  new RegisteredKey(
                      newKey.keyId(),
                      owner,
                      newKey.usage(),
                      newKey.curve(),
                      newKey.publicJwk(),
                      now,
                      null,
                      oldKeyId);
              keys.add(added);
              RegisteredKey retired = old.revokedAt(now.plus(grace));
              keys.revokeAt(oldKeyId, retired.revokedAt());
              LogHead newHead =
                  logWriter.after(owner, head, proof, now).rotated(added, retired).finish();
              return new ConnectionKeyRotated(added, retired, newHead);
            });
    metrics.committed("connection_key_rotated");
    return result;
  }

  /**
   * The signer is the holder of this connection: the authentication key its log added first (the
   * key binding proof's key; a shared holder key is stored under its first connection, so the log,
   * not the key's owner, says whose it is), and it may still authorise changes.
   */
  private void requireHolder(KeyOwner owner, SignedRequest signed, Instant now) {
    if (signed.did() != null) {
      throw new RegistryException(
          Reason.SIGNER_OF_OTHER_OWNER, "a holder signs without x-credrelay-did");
    }
    KeyEvent first =
        history.page(owner, 1, 1).events().stream()
            .findFirst()
            .orElseThrow(() -> KeyOwnerErrors.notFound(owner));
    if (first.type() != KeyEventType.ADDED
        || first.usage() != KeyUsage.AUTHENTICATION
        || !first.keyId().equals(signed.keyId())) {
      throw new RegistryException(
          Reason.SIGNER_OF_OTHER_OWNER,
          "RotateConnectionKey must be signed by the connection's holder authentication key");
    }
    RegisteredKey signer = keys.find(signed.keyId()).orElseThrow();
    if (!signer.isActiveWithoutScheduledRevocation(now)) {
      throw new RegistryException(
          Reason.SIGNER_NOT_ACTIVE, "the holder's authentication key is revoked");
    }
  }
}
