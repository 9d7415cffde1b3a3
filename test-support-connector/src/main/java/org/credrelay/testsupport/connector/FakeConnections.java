package org.credrelay.testsupport.connector;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.testsupport.connector.FakeAuthenticator.Caller;

/**
 * The fake's participants, connections and holder keys, with the real connector's rules for tokens
 * and connection sides. Not thread-safe: the fake calls it under its lock.
 */
final class FakeConnections {

  record Participant(String name, ParticipantRole role) {}

  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22,128}");
  private static final String DID_CHAR = "(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})";
  static final Pattern DID =
      Pattern.compile("did:[a-z0-9]+:(?:" + DID_CHAR + "*:)*" + DID_CHAR + "+");

  final Map<String, Participant> participants = new HashMap<>();
  final Map<String, FakeConnection> byId = new HashMap<>();
  final Map<String, FakeConnection> byToken = new HashMap<>();

  /** Holders' authentication keys by key id (thumbprint), known once they accepted a token. */
  final Map<String, PublicKeyJwk> holders = new HashMap<>();

  /** Test hook: the communication keys reported for a DID instead of the registry's. */
  final Map<String, List<PublicKeyJwk>> substitutedDidKeys = new HashMap<>();

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final DidKeys didKeys;

  FakeConnections(Clock clock, DidKeys didKeys) {
    this.clock = clock;
    this.didKeys = didKeys;
  }

  FakeConnection create(String participantDid, Instant now, Instant expiresAt) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    FakeConnection connection =
        new FakeConnection(UUID.randomUUID().toString(), token, participantDid, now, expiresAt);
    byId.put(connection.id, connection);
    byToken.put(token, connection);
    return connection;
  }

  void connect(FakeConnection connection, PublicKeyJwk authentication, PublicKeyJwk communication) {
    connection.state = ConnectionState.CONNECTION_STATE_CONNECTED;
    connection.holderKeyId = authentication.thumbprint();
    connection.holderCommunicationKey = communication;
    connection.connectedAt = now();
    holders.putIfAbsent(authentication.thumbprint(), authentication);
  }

  void revoke(FakeConnection connection) {
    if (connection.state != ConnectionState.CONNECTION_STATE_REVOKED) {
      connection.state = ConnectionState.CONNECTION_STATE_REVOKED;
      connection.revokedAt = now();
    }
  }

  /** The other side's communication keys as this connector holds them (S6 and key lookups). */
  List<PublicKeyJwk> otherSideKeys(FakeConnection connection, String callerId) {
    if (connection.otherSideKeys != null) {
      return connection.otherSideKeys;
    }
    if (connection.participantDid.equals(callerId)) {
      return List.of(connection.holderCommunicationKey);
    }
    List<PublicKeyJwk> substituted = substitutedDidKeys.get(connection.participantDid);
    return substituted != null
        ? substituted
        : didKeys.activeKeys(connection.participantDid).stream()
            .filter(k -> k.use() == KeyUse.COMMUNICATION)
            .toList();
  }

  FakeConnection requireSide(Caller caller, String connectionId) {
    if (!Mailbox.isUuid(connectionId)) {
      throw FakeErrors.invalid("connection_id is not a UUID");
    }
    FakeConnection connection = byId.get(connectionId);
    if (connection == null) {
      throw FakeErrors.notFound("unknown connection");
    }
    if (!connection.hasSide(caller.id())) {
      throw FakeErrors.denied("not a side of this connection");
    }
    return connection;
  }

  FakeConnection requireConnected(Caller caller, String connectionId) {
    FakeConnection connection = requireSide(caller, connectionId);
    ConnectionState state = connection.state(now());
    if (state != ConnectionState.CONNECTION_STATE_CONNECTED) {
      throw FakeErrors.precondition("connection is " + state + ", not CONNECTED");
    }
    return connection;
  }

  static void requireWellFormed(String token) {
    if (!TOKEN.matcher(token).matches()) {
      throw FakeErrors.invalid("malformed token");
    }
  }

  FakeConnection findByToken(String token) {
    requireWellFormed(token);
    FakeConnection connection = byToken.get(token);
    if (connection == null) {
      throw FakeErrors.notFound("unknown token");
    }
    return connection;
  }

  FakeConnection require(String connectionId) {
    FakeConnection connection = byId.get(connectionId);
    if (connection == null) {
      throw new IllegalArgumentException("no connection " + connectionId);
    }
    return connection;
  }

  ConnectionInfo info(FakeConnection connection) {
    Instant now = now();
    var info =
        ConnectionInfo.newBuilder()
            .setConnectionId(connection.id)
            .setToken(connection.token)
            .setState(connection.state(now))
            .setParticipantDid(connection.participantDid)
            .setParticipantName(
                participants.containsKey(connection.participantDid)
                    ? participants.get(connection.participantDid).name()
                    : "")
            .setHolderKeyId(
                connection.reportedHolderKeyId != null
                    ? connection.reportedHolderKeyId
                    : connection.holderKeyId == null ? "" : connection.holderKeyId)
            .setCreatedAt(Mailbox.timestamp(connection.createdAt))
            .setTokenExpiresAt(Mailbox.timestamp(connection.expiresAt))
            .setRefusedAccepts(connection.refusedAccepts);
    if (connection.connectedAt != null) {
      info.setConnectedAt(Mailbox.timestamp(connection.connectedAt));
    }
    if (connection.revokedAt != null) {
      info.setRevokedAt(Mailbox.timestamp(connection.revokedAt));
    }
    if (connection.lastRefusedAt != null) {
      info.setLastRefusedAt(Mailbox.timestamp(connection.lastRefusedAt));
    }
    return info.build();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
