package org.credrelay.keyregistry.did.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.e2ecrypto.keys.DidKey;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyregistry.auth.SignedRequest;
import org.credrelay.keyregistry.config.RotationProperties;
import org.credrelay.keyregistry.did.Did;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
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
 * The key lifecycle of DIDs: registration with proof of possession, and adding, rotating and
 * revoking keys on a signature by a current authentication key (S8). Each change is one transaction
 * that holds the DID's lock ({@link KeyLogWriter#lockForChange}), changes the keys, appends the
 * signed, hash-chained events and moves the log head, so a concurrent change of the same DID fails
 * with ABORTED instead of interleaving. The request's nonce is consumed before, in its own
 * transaction.
 */
@Service
public class DidKeyManager {

  static final int MAX_COMMUNICATION_KEYS = 10;

  private final KeyManager keys;
  private final KeyLogWriter logWriter;
  private final DidSignerCheck signerCheck;
  private final RotationProperties rotation;
  private final KeyClock clock;
  private final TransactionTemplate transaction;
  private final KeyChangeMetrics metrics;

  public DidKeyManager(
      KeyManager keys,
      KeyLogWriter logWriter,
      DidSignerCheck signerCheck,
      RotationProperties rotation,
      KeyClock clock,
      TransactionTemplate transaction,
      KeyChangeMetrics metrics) {
    this.keys = keys;
    this.logWriter = logWriter;
    this.signerCheck = signerCheck;
    this.rotation = rotation;
    this.clock = clock;
    this.transaction = transaction;
    this.metrics = metrics;
  }

  public record DidRegistered(List<RegisteredKey> keys, LogHead head) {}

  public record KeyChanged(RegisteredKey key, LogHead head) {}

  public record KeyRotated(RegisteredKey newKey, RegisteredKey oldKey, LogHead head) {}

  /**
   * Registers a DID, signed by its first authentication key (proof of possession).
   *
   * @throws RegistryException INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, ALREADY_EXISTS
   */
  public DidRegistered register(RegisterDidCommand command, SignedRequest signed) {
    if (command.communicationKeys().size() > MAX_COMMUNICATION_KEYS) {
      throw new RegistryException(
          Reason.TOO_MANY_KEYS, "at most " + MAX_COMMUNICATION_KEYS + " communication keys");
    }
    List<String> kids = new ArrayList<>();
    kids.add(command.authenticationKey().keyId());
    command.communicationKeys().forEach(key -> kids.add(key.keyId()));
    if (kids.stream().distinct().count() != kids.size()) {
      throw new RegistryException(Reason.DUPLICATE_KEY_IN_REQUEST, "a kid appears twice");
    }
    if (signed.did() != null && !signed.did().equals(command.did().value())) {
      throw new RegistryException(
          Reason.SIGNER_OF_OTHER_OWNER, "x-credrelay-did names another DID than the request");
    }
    if (!command.authenticationKey().keyId().equals(signed.keyId())) {
      throw new RegistryException(
          Reason.SIGNER_NOT_REQUEST_KEY,
          "RegisterDid must be signed by the authentication key it registers");
    }
    requireControlOf(command);
    EventAuthorization proof = signed.authorization();
    DidRegistered result =
        transaction.execute(
            status -> {
              Instant now = clock.now();
              if (!logWriter.createOwner(command.did().owner(), now)) {
                throw new RegistryException(Reason.DID_EXISTS, command.did() + " is registered");
              }
              KeyLogWriter.Batch batch =
                  logWriter.after(command.did().owner(), LogHead.EMPTY, proof, now);
              List<RegisteredKey> added = new ArrayList<>();
              added.add(add(command.did(), command.authenticationKey(), now, null));
              command
                  .communicationKeys()
                  .forEach(key -> added.add(add(command.did(), key, now, null)));
              added.forEach(batch::added);
              return new DidRegistered(List.copyOf(added), batch.finish());
            });
    metrics.committed("did_registered");
    return result;
  }

  /**
   * How control of the DID is proven beyond possession of the first key (docs/KEY-REGISTRY.md, DID
   * methods): a {@code did:key} names exactly one key, so it must be the authentication key
   * registered with it (and the request is signed by that key). Other methods name no key; their
   * first registration binds the name to the key that signs it.
   */
  private static void requireControlOf(RegisterDidCommand command) {
    String did = command.did().value();
    if (DidKey.isDidKey(did) && !did.equals(DidKey.of(command.authenticationKey().jwk()))) {
      throw new RegistryException(
          Reason.DID_KEY_MISMATCH, "a did:key must be the did:key of its authentication_key");
    }
  }

  /**
   * Adds a key to a DID.
   *
   * @throws RegistryException UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, ALREADY_EXISTS
   */
  public KeyChanged addKey(Did did, NewKey key, SignedRequest signed) {
    EventAuthorization proof = signed.authorization();
    KeyChanged result =
        transaction.execute(
            status -> {
              Instant now = clock.now();
              LogHead head = lockAndAuthorise(did, signed, now);
              RegisteredKey added = add(did, key, now, null);
              return new KeyChanged(
                  added, logWriter.after(did.owner(), head, proof, now).added(added).finish());
            });
    metrics.committed("key_added");
    return result;
  }

  /**
   * Replaces an ACTIVE key by a new one of the same usage, atomically. The old key is revoked at
   * once or after the grace period ({@code requestedGraceSeconds}; 0 = the configured default).
   *
   * @throws RegistryException INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND,
   *     FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED
   */
  public KeyRotated rotate(
      Did did, String oldKeyId, NewKey newKey, long requestedGraceSeconds, SignedRequest signed) {
    Duration grace = gracePeriod(requestedGraceSeconds);
    EventAuthorization proof = signed.authorization();
    KeyRotated result =
        transaction.execute(
            status -> {
              Instant now = clock.now();
              LogHead head = lockAndAuthorise(did, signed, now);
              RegisteredKey old = ownKey(did, oldKeyId);
              if (!old.isActiveWithoutScheduledRevocation(now)) {
                throw new RegistryException(
                    Reason.KEY_NOT_ACTIVE, oldKeyId + " is revoked or already being rotated out");
              }
              if (old.usage() != newKey.usage()) {
                throw new RegistryException(
                    Reason.USAGE_MISMATCH,
                    "the new key is a "
                        + newKey.usage()
                        + " key, "
                        + oldKeyId
                        + " a "
                        + old.usage()
                        + " key");
              }
              RegisteredKey added = add(did, newKey, now, oldKeyId);
              RegisteredKey retired = old.revokedAt(now.plus(grace));
              keys.revokeAt(oldKeyId, retired.revokedAt());
              LogHead newHead =
                  logWriter.after(did.owner(), head, proof, now).rotated(added, retired).finish();
              return new KeyRotated(added, retired, newHead);
            });
    metrics.committed("key_rotated");
    return result;
  }

  /**
   * Revokes a key of a DID now. The last authentication key without a scheduled revocation cannot
   * be revoked, so a DID cannot lock itself out.
   *
   * @throws RegistryException UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION,
   *     ABORTED
   */
  public KeyChanged revoke(Did did, String keyId, SignedRequest signed) {
    EventAuthorization proof = signed.authorization();
    KeyChanged result =
        transaction.execute(
            status -> {
              Instant now = clock.now();
              LogHead head = lockAndAuthorise(did, signed, now);
              RegisteredKey key = ownKey(did, keyId);
              if (!key.isActiveAt(now)) {
                throw new RegistryException(Reason.KEY_NOT_ACTIVE, keyId + " is already revoked");
              }
              if (key.usage() == KeyUsage.AUTHENTICATION
                  && keys.keysOf(did.owner()).stream()
                      .noneMatch(
                          other ->
                              other.usage() == KeyUsage.AUTHENTICATION
                                  && !other.keyId().equals(keyId)
                                  && other.isActiveWithoutScheduledRevocation(now))) {
                throw new RegistryException(
                    Reason.LAST_AUTHENTICATION_KEY,
                    "revoking " + keyId + " would leave " + did + " without an authentication key");
              }
              RegisteredKey revoked = key.revokedAt(now);
              keys.revokeAt(keyId, now);
              return new KeyChanged(
                  revoked,
                  logWriter.after(did.owner(), head, proof, now).revoked(revoked).finish());
            });
    metrics.committed("key_revoked");
    return result;
  }

  private LogHead lockAndAuthorise(Did did, SignedRequest signed, Instant now) {
    LogHead head =
        logWriter
            .lockForChange(did.owner())
            .orElseThrow(() -> KeyOwnerErrors.notFound(did.owner()));
    signerCheck.requireAuthorised(did, signed, now);
    return head;
  }

  private RegisteredKey ownKey(Did did, String keyId) {
    return keys.find(keyId)
        .filter(key -> key.owner().equals(did.owner()))
        .orElseThrow(() -> new RegistryException(Reason.UNKNOWN_KEY, did + " has no key " + keyId));
  }

  private RegisteredKey add(Did did, NewKey key, Instant now, String replacesKeyId) {
    if (keys.exists(key.keyId())) {
      throw new RegistryException(Reason.KEY_EXISTS, "key id " + key.keyId() + " is registered");
    }
    RegisteredKey registered =
        new RegisteredKey(
            key.keyId(),
            did.owner(),
            key.usage(),
            key.curve(),
            key.publicJwk(),
            now,
            null,
            replacesKeyId);
    keys.add(registered);
    return registered;
  }

  private Duration gracePeriod(long requestedSeconds) {
    return RotationGracePeriod.of(requestedSeconds, rotation);
  }
}
