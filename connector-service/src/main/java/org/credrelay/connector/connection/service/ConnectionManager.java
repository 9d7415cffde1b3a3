package org.credrelay.connector.connection.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.config.ConnectionProperties;
import org.credrelay.connector.connection.Connection;
import org.credrelay.connector.connection.ConnectionCursor;
import org.credrelay.connector.connection.ConnectionDetails;
import org.credrelay.connector.connection.ConnectionState;
import org.credrelay.connector.connection.ConnectionTokens;
import org.credrelay.connector.connection.store.ConnectionStore;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.participant.Participant;
import org.credrelay.connector.participant.ParticipantRole;
import org.credrelay.connector.participant.service.ParticipantManager;
import org.springframework.stereotype.Service;

/**
 * Connection tokens and the connections they start: generation, public token info, lookup, listing
 * and revocation. Acceptance by a holder is {@link ConnectionAcceptor}.
 *
 * <p>A caller sees and changes only connections it is a side of (PERMISSION_DENIED otherwise).
 */
@Service
public class ConnectionManager {

  private final ConnectionStore store;
  private final ParticipantManager participants;
  private final ConnectionTokenGenerator tokens;
  private final ConnectionProperties properties;
  private final Clock clock;

  /**
   * CONNECTED connections by id, for the message path. Relaying needs only the two sides, and once
   * CONNECTED they never change; the one change left, REVOKED, is enforced by the message store,
   * which re-checks the state under a row lock in the appending transaction. So an entry may be
   * stale about a revocation made on another replica without ever letting a message through;
   * revocations on this replica evict at once, which keeps the refusal reason precise here. Bounded
   * by {@code connector.connections.connected-cache-size} and {@code -ttl}.
   */
  private final Cache<UUID, Connection> connectedConnections;

  public ConnectionManager(
      ConnectionStore store,
      ParticipantManager participants,
      ConnectionTokenGenerator tokens,
      ConnectionProperties properties,
      Clock clock) {
    this.store = store;
    this.participants = participants;
    this.tokens = tokens;
    this.properties = properties;
    this.clock = clock;
    this.connectedConnections =
        Caffeine.newBuilder()
            .maximumSize(properties.connectedCacheSize())
            .expireAfterWrite(properties.connectedCacheTtl())
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /** Creates {@code count} (0 means 1) tokens, each with an INVITED connection. */
  public ConnectionTokens generateTokens(Caller.Participant caller, int count) {
    int n = count == 0 ? 1 : count;
    if (n < 1 || n > properties.maxTokensPerRequest()) {
      throw new ConnectorException(
          ErrorReason.INVALID_TOKEN_COUNT, "count must be 1.." + properties.maxTokensPerRequest());
    }
    participants.require(caller);
    Instant now = now();
    Instant expiresAt = now.plus(properties.tokenTtl());
    List<Connection> created = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      created.add(
          Connection.invited(UUID.randomUUID(), tokens.next(), caller.did(), now, expiresAt));
    }
    store.insert(created);
    return new ConnectionTokens(
        created.stream().map(Connection::token).toList(),
        created.stream().map(Connection::id).toList(),
        expiresAt);
  }

  /**
   * Public: who created {@code token}, for a wallet to show before accepting.
   *
   * @throws ConnectorException INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION (used, expired,
   *     revoked)
   */
  public ConnectionDetails tokenInfo(String token) {
    Connection connection = findByToken(token);
    ConnectionState state = connection.state(now());
    switch (state) {
      case CONNECTED ->
          throw new ConnectorException(ErrorReason.TOKEN_ALREADY_USED, "token was already used");
      case EXPIRED -> throw new ConnectorException(ErrorReason.TOKEN_EXPIRED, "token has expired");
      case REVOKED ->
          throw new ConnectorException(ErrorReason.CONNECTION_REVOKED, "connection was revoked");
      default -> {}
    }
    return details(connection, state);
  }

  /** The participant's connection created from {@code token}. */
  public ConnectionDetails byToken(Caller caller, String token) {
    Connection connection = findByToken(token);
    if (!connection.participantDid().equals(caller.id())) {
      throw new ConnectorException(ErrorReason.NOT_A_CONNECTION_SIDE, "not the caller's token");
    }
    return details(connection);
  }

  /** The caller's connections after {@code lastSeenConnectionId} (empty: from the start). */
  public List<ConnectionDetails> page(Caller caller, String lastSeenConnectionId, int limit) {
    int size = pageSize(limit);
    ConnectionCursor after = null;
    if (lastSeenConnectionId != null && !lastSeenConnectionId.isEmpty()) {
      Connection last =
          store
              .find(parseId(lastSeenConnectionId, "last_seen_connection_id"))
              .filter(c -> c.hasSide(caller.id()))
              .orElseThrow(
                  () ->
                      new ConnectorException(
                          ErrorReason.UNKNOWN_CURSOR, "unknown last_seen_connection_id"));
      after = new ConnectionCursor(last.createdAt(), last.id());
    }
    List<Connection> page =
        caller instanceof Caller.Participant
            ? store.pageForParticipant(caller.id(), after, size)
            : store.pageForHolder(caller.id(), after, size);
    Map<String, String> names = new HashMap<>();
    Instant now = now();
    return page.stream()
        .map(
            c ->
                new ConnectionDetails(
                    c,
                    c.state(now),
                    names.computeIfAbsent(c.participantDid(), this::participantName)))
        .toList();
  }

  /** Either side revokes; idempotent. */
  public ConnectionDetails revoke(Caller caller, String connectionId) {
    Connection connection = requireSide(caller, connectionId);
    connectedConnections.invalidate(connection.id());
    return details(store.revoke(connection.id(), now()));
  }

  /** The connection {@code connectionId} if {@code caller} is one of its sides. */
  public Connection requireSide(Caller caller, String connectionId) {
    Connection connection =
        store
            .find(parseId(connectionId, "connection_id"))
            .orElseThrow(
                () ->
                    new ConnectorException(ErrorReason.CONNECTION_NOT_FOUND, "unknown connection"));
    if (!connection.hasSide(caller.id())) {
      throw new ConnectorException(
          ErrorReason.NOT_A_CONNECTION_SIDE, "not a side of this connection");
    }
    return connection;
  }

  /** As {@link #requireSide}, and the connection must be CONNECTED. */
  public Connection requireConnected(Caller caller, String connectionId) {
    Connection connection = requireSide(caller, connectionId);
    ConnectionState state = connection.state(now());
    if (state != ConnectionState.CONNECTED) {
      throw new ConnectorException(
          state == ConnectionState.REVOKED
              ? ErrorReason.CONNECTION_REVOKED
              : ErrorReason.CONNECTION_NOT_CONNECTED,
          "connection is " + state + ", not CONNECTED");
    }
    return connection;
  }

  /**
   * As {@link #requireConnected}, but may answer from memory for a connection seen CONNECTED
   * before, so it can miss a revocation made on another replica. Only for callers whose write
   * re-checks the state in its own transaction (the message store does).
   */
  public Connection requireConnectedForRelay(Caller caller, String connectionId) {
    UUID id = parseId(connectionId, "connection_id");
    Connection remembered = connectedConnections.getIfPresent(id);
    if (remembered != null) {
      if (!remembered.hasSide(caller.id())) {
        throw new ConnectorException(
            ErrorReason.NOT_A_CONNECTION_SIDE, "not a side of this connection");
      }
      return remembered;
    }
    Connection connection = requireConnected(caller, connectionId);
    connectedConnections.put(id, connection);
    return connection;
  }

  /** The role of a registered participant. */
  public Optional<ParticipantRole> participantRole(String did) {
    return participants.find(did).map(Participant::role);
  }

  ConnectionDetails details(Connection connection) {
    return details(connection, connection.state(now()));
  }

  private ConnectionDetails details(Connection connection, ConnectionState state) {
    return new ConnectionDetails(connection, state, participantName(connection.participantDid()));
  }

  private String participantName(String did) {
    return participants.find(did).map(Participant::name).orElse("");
  }

  private Connection findByToken(String token) {
    if (!ConnectionTokenGenerator.isWellFormed(token)) {
      throw new ConnectorException(ErrorReason.INVALID_TOKEN, "malformed token");
    }
    return store
        .findByToken(token)
        .orElseThrow(() -> new ConnectorException(ErrorReason.TOKEN_NOT_FOUND, "unknown token"));
  }

  private int pageSize(int limit) {
    if (limit == 0) {
      return properties.defaultPageSize();
    }
    if (limit < 0 || limit > properties.maxPageSize()) {
      throw new ConnectorException(
          ErrorReason.INVALID_PAGE_LIMIT, "limit must be 1.." + properties.maxPageSize());
    }
    return limit;
  }

  static UUID parseId(String value, String field) {
    try {
      if (value == null || value.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(ErrorReason.INVALID_ID, field + " is not a UUID");
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
