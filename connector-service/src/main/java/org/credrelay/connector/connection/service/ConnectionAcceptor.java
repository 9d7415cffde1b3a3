package org.credrelay.connector.connection.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.connection.Connection;
import org.credrelay.connector.connection.ConnectionDetails;
import org.credrelay.connector.connection.ConnectionState;
import org.credrelay.connector.connection.store.ConnectionStore;
import org.credrelay.connector.connection.store.HolderStore;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.keys.HolderKeyRegistration;
import org.credrelay.connector.keys.KeyOwner;
import org.credrelay.connector.keys.RegistryKey;
import org.credrelay.connector.keys.service.KeyRegistryClient;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A holder accepts a connection token (AddConnectionFromToken).
 *
 * <p>The request was already verified with the presented authentication key (proof of possession);
 * here the key binding proof is checked, the token is claimed under a row lock, the holder's keys
 * are registered in the key registry and the connection becomes CONNECTED, all in one transaction.
 * A used, expired or revoked token is refused with FAILED_PRECONDITION and the refusal is counted
 * on the connection row (committed), where the participant sees it.
 */
@Service
public class ConnectionAcceptor {

  private final ConnectionStore connections;
  private final HolderStore holders;
  private final ConnectionManager manager;
  private final KeyRegistryClient registry;
  private final HolderKeyParser keys;
  private final TransactionTemplate transactions;
  private final Clock clock;

  public ConnectionAcceptor(
      ConnectionStore connections,
      HolderStore holders,
      ConnectionManager manager,
      KeyRegistryClient registry,
      HolderKeyParser keys,
      TransactionTemplate transactions,
      Clock clock) {
    this.connections = connections;
    this.holders = holders;
    this.manager = manager;
    this.registry = registry;
    this.keys = keys;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * Accepts {@code token} for the holder whose authentication key signed the request.
   *
   * @throws ConnectorException WRONG_SIGNER (not signed by the presented holder key),
   *     INVALID_TOKEN, INVALID_HOLDER_KEY, KEY_BINDING_PROOF_INVALID, TOKEN_NOT_FOUND,
   *     TOKEN_ALREADY_USED, TOKEN_EXPIRED, CONNECTION_REVOKED, CONNECTION_KEYS_CONFLICT,
   *     KEY_REGISTRY_UNAVAILABLE
   */
  public ConnectionDetails accept(
      Caller signer,
      String token,
      String authenticationJwk,
      String communicationJwk,
      byte[] keyBindingProof) {
    if (!(signer instanceof Caller.Holder caller)) {
      throw new ConnectorException(
          ErrorReason.WRONG_SIGNER, "AddConnectionFromToken is signed by the holder key");
    }
    if (!ConnectionTokenGenerator.isWellFormed(token)) {
      throw new ConnectorException(ErrorReason.INVALID_TOKEN, "malformed token");
    }
    PublicKeyJwk authentication =
        keys.parse(authenticationJwk, KeyUse.AUTHENTICATION, "holder_authentication_key");
    PublicKeyJwk communication =
        keys.parse(communicationJwk, KeyUse.COMMUNICATION, "holder_communication_key");
    if (!authentication.thumbprint().equals(caller.keyId())) {
      throw new ConnectorException(
          ErrorReason.WRONG_SIGNER, "request is not signed by the presented key");
    }
    if (keyBindingProof.length == 0
        || !KeyBinding.verify(authentication, token, communication, keyBindingProof)) {
      throw new ConnectorException(
          ErrorReason.KEY_BINDING_PROOF_INVALID, "key_binding_proof does not verify");
    }
    Outcome outcome =
        transactions.execute(
            status -> claim(token, authentication, communication, keyBindingProof));
    if (outcome.refusal() != null) {
      throw outcome.refusal();
    }
    return manager.details(outcome.connection());
  }

  private Outcome claim(
      String token, PublicKeyJwk authentication, PublicKeyJwk communication, byte[] proof) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Connection connection =
        connections
            .lockByToken(token)
            .orElseThrow(
                () -> new ConnectorException(ErrorReason.TOKEN_NOT_FOUND, "unknown token"));
    ConnectionState state = connection.state(now);
    if (state != ConnectionState.INVITED) {
      connections.recordRefusedAccept(connection.id(), now);
      return new Outcome(
          null,
          switch (state) {
            case CONNECTED ->
                new ConnectorException(ErrorReason.TOKEN_ALREADY_USED, "token was already used");
            case EXPIRED -> new ConnectorException(ErrorReason.TOKEN_EXPIRED, "token has expired");
            default ->
                new ConnectorException(ErrorReason.CONNECTION_REVOKED, "connection was revoked");
          });
    }
    boolean registered =
        registry.registerConnectionKeys(
            new HolderKeyRegistration(
                connection.id(), token, authentication.toJson(), communication.toJson(), proof));
    if (!registered && !registryHolds(connection, communication)) {
      // Keys of someone else are registered for this connection: never connect this holder to them.
      throw new ConnectorException(
          ErrorReason.CONNECTION_KEYS_CONFLICT,
          "key registry holds other keys for this connection");
    }
    holders.insertIfAbsent(authentication.thumbprint(), authentication.toJson(), now);
    return new Outcome(
        connections.markConnected(connection.id(), authentication.thumbprint(), now), null);
  }

  /** After a retry whose earlier attempt registered the keys but did not commit here. */
  private boolean registryHolds(Connection connection, PublicKeyJwk communication) {
    KeyOwner owner = new KeyOwner.Connection(connection.id());
    // The communication key is per connection and was registered on this holder's key binding
    // proof; the authentication key may be stored under the holder's first connection.
    List<RegistryKey> comm = registry.activeKeys(owner, KeyUse.COMMUNICATION);
    return comm.stream().anyMatch(k -> k.keyId().equals(communication.kid()));
  }

  private record Outcome(Connection connection, ConnectorException refusal) {}
}
