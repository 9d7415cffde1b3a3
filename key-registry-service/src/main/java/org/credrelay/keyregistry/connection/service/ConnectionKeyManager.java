package org.credrelay.keyregistry.connection.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyregistry.auth.SignedRequest;
import org.credrelay.keyregistry.auth.service.KeyBindingVerifier;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.history.service.KeyLogWriter;
import org.credrelay.keyregistry.key.NewKey;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.keyregistry.key.service.KeyChangeMetrics;
import org.credrelay.keyregistry.key.service.KeyClock;
import org.credrelay.keyregistry.key.service.KeyManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holder connection keys: registered once per connection when the holder accepts, by a trusted
 * connector (its request verified with a key of {@code ConnectorSignerCheck}: only the connector
 * that issued the token can say which connection it belongs to) and on the holder's key binding
 * proof (possession of the authentication key, both keys bound to the token). A communication key
 * belongs to one connection: a kid registered anywhere before is refused (ALREADY_EXISTS). The
 * authentication key is the holder's identity at the connector and may serve several of the
 * holder's connections: it is stored once, under the first connection, and later registrations of
 * the very same public key (proven again by the new key binding proof) reuse it. Any other kid
 * collision is refused.
 */
@Service
public class ConnectionKeyManager {

  private final KeyManager keys;
  private final KeyLogWriter logWriter;
  private final KeyBindingVerifier bindingVerifier;
  private final KeyClock clock;
  private final TransactionTemplate transaction;
  private final KeyChangeMetrics metrics;

  public ConnectionKeyManager(
      KeyManager keys,
      KeyLogWriter logWriter,
      KeyBindingVerifier bindingVerifier,
      KeyClock clock,
      TransactionTemplate transaction,
      KeyChangeMetrics metrics) {
    this.keys = keys;
    this.logWriter = logWriter;
    this.bindingVerifier = bindingVerifier;
    this.clock = clock;
    this.transaction = transaction;
    this.metrics = metrics;
  }

  public record ConnectionKeysRegistered(List<RegisteredKey> keys, LogHead head) {}

  /**
   * Registers the holder's authentication and communication key for a connection.
   *
   * @param signed the connector's request, already verified (signature, freshness, nonce) with a
   *     trusted connector key by the gRPC edge; refusals of the signer happen there
   * @throws RegistryException UNAUTHENTICATED (not signed by a connector, or bad proof),
   *     PERMISSION_DENIED (signed by a key that is not a trusted connector's), ALREADY_EXISTS (the
   *     connection has keys, or a kid is registered)
   */
  public ConnectionKeysRegistered register(
      RegisterConnectionKeysCommand command, SignedRequest signed) {
    Objects.requireNonNull(signed);
    EventAuthorization proof =
        bindingVerifier.verify(
            command.token(),
            command.authenticationKey().jwk(),
            command.communicationKey().jwk(),
            command.keyBindingProof());
    KeyOwner owner = command.connectionId().owner();
    ConnectionKeysRegistered result =
        transaction.execute(
            status -> {
              Instant now = clock.now();
              if (!logWriter.createOwner(owner, now)) {
                throw new RegistryException(
                    Reason.CONNECTION_KEYS_EXIST, "connection " + owner.id() + " has keys");
              }
              RegisteredKey authentication =
                  holderAuthentication(owner, command.authenticationKey(), now);
              RegisteredKey communication = add(owner, command.communicationKey(), now);
              LogHead head =
                  logWriter
                      .after(owner, LogHead.EMPTY, proof, now)
                      .added(authentication)
                      .added(communication)
                      .finish();
              return new ConnectionKeysRegistered(List.of(authentication, communication), head);
            });
    metrics.committed("connection_registered");
    return result;
  }

  private RegisteredKey holderAuthentication(KeyOwner owner, NewKey key, Instant now) {
    Optional<RegisteredKey> existing = keys.find(key.keyId());
    if (existing.isPresent()) {
      RegisteredKey known = existing.get();
      boolean sameHolderKey =
          known.owner().type() == OwnerType.CONNECTION
              && known.usage() == key.usage()
              && known.revokedAt() == null
              && known.publicJwk().equals(key.publicJwk());
      if (!sameHolderKey) {
        throw new RegistryException(Reason.KEY_EXISTS, "key id " + key.keyId() + " is registered");
      }
      return known;
    }
    return add(owner, key, now);
  }

  private RegisteredKey add(KeyOwner owner, NewKey key, Instant now) {
    if (keys.exists(key.keyId())) {
      throw new RegistryException(Reason.KEY_EXISTS, "key id " + key.keyId() + " is registered");
    }
    RegisteredKey registered =
        new RegisteredKey(
            key.keyId(), owner, key.usage(), key.curve(), key.publicJwk(), now, null, null);
    keys.add(registered);
    return registered;
  }
}
