package org.credrelay.issuergateway.connection.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.db.Timestamps;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionErrorCode;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.PinnedHolderKeys;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Connections and their state machine. Reads for the REST API are scoped by tenant; a connection is
 * found on the wire by (tenant, connector connection id), never by the connector's id alone, since
 * that id comes from an untrusted party.
 */
@Component
public class ConnectionStore {

  private final ConnectionRepository connections;
  private final JdbcClient jdbc;

  ConnectionStore(ConnectionRepository connections, JdbcClient jdbc) {
    this.connections = connections;
    this.jdbc = jdbc;
  }

  @Transactional
  public Connection create(UUID id, UUID tenantId, String connectorConnectionId, Instant now) {
    return connections
        .save(new ConnectionEntity(id, tenantId, connectorConnectionId, now))
        .toConnection();
  }

  @Transactional(readOnly = true)
  public Optional<Connection> find(UUID tenantId, UUID id) {
    return connections.findByIdAndTenantId(id, tenantId).map(ConnectionEntity::toConnection);
  }

  /**
   * The state of the tenant's connection, in one indexed read without Hibernate: issuing a
   * credential needs only this, once per credential (joins the caller's transaction, if any).
   */
  public Optional<ConnectionState> state(UUID tenantId, UUID id) {
    return jdbc.sql("SELECT state FROM issuer_gateway.connections WHERE id = ? AND tenant_id = ?")
        .params(id, tenantId)
        .query((rs, row) -> ConnectionState.valueOf(rs.getString(1)))
        .optional();
  }

  /**
   * The states of those of {@code ids} that are the tenant's connections, in one indexed read (an
   * issuing batch reads its connections with this once); ids not found are absent. Joins the
   * caller's transaction, if any.
   */
  public Map<UUID, ConnectionState> states(UUID tenantId, Collection<UUID> ids) {
    Map<UUID, ConnectionState> states = new HashMap<>();
    jdbc.sql(
            "SELECT id, state FROM issuer_gateway.connections WHERE tenant_id = :tenant AND id IN"
                + " (:ids)")
        .param("tenant", tenantId)
        .param("ids", List.copyOf(new HashSet<>(ids)))
        .query(
            rs -> {
              states.put(
                  rs.getObject("id", UUID.class), ConnectionState.valueOf(rs.getString("state")));
            });
    return states;
  }

  @Transactional(readOnly = true)
  public Optional<Connection> get(UUID id) {
    return connections.findById(id).map(ConnectionEntity::toConnection);
  }

  /**
   * The connections among {@code ids} that exist, in one statement without Hibernate or a
   * transaction of its own: the delivery worker reads its batch's connections with this once per
   * round, and each statement, begin and commit of a round is a serial wait (docs/PERFORMANCE.md
   * "Quiet run Q9"). Joins the caller's transaction, if any.
   */
  public List<Connection> getAll(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT * FROM issuer_gateway.connections WHERE id = ANY(CAST(:ids AS uuid[]))")
        .param("ids", ids.stream().map(UUID::toString).distinct().toArray(String[]::new))
        .query(ConnectionStore::connection)
        .list();
  }

  private static Connection connection(ResultSet rs, int row) throws SQLException {
    String errorCode = rs.getString("last_error_code");
    return new Connection(
        rs.getObject("id", UUID.class),
        rs.getObject("tenant_id", UUID.class),
        rs.getString("connector_connection_id"),
        ConnectionState.valueOf(rs.getString("state")),
        rs.getString("holder_key_id"),
        rs.getString("pinned_auth_jwk"),
        rs.getString("pinned_comm_jwk"),
        rs.getString("pinned_comm_kid"),
        rs.getString("safety_number"),
        rs.getInt("handshake_failures"),
        rs.getString("last_failure"),
        Timestamps.instant(rs, "created_at"),
        Timestamps.instant(rs, "accepted_at"),
        Timestamps.instant(rs, "verified_at"),
        Timestamps.instant(rs, "closed_at"),
        Timestamps.instant(rs, "updated_at"),
        rs.getString("issuer_comm_kid"),
        Timestamps.instant(rs, "holder_comm_rotated_at"),
        rs.getString("issuer_auth_kid"),
        errorCode == null ? null : ConnectionErrorCode.valueOf(errorCode));
  }

  @Transactional(readOnly = true)
  public Optional<Connection> findByConnectorId(UUID tenantId, String connectorConnectionId) {
    return connections
        .findByTenantIdAndConnectorConnectionId(tenantId, connectorConnectionId)
        .map(ConnectionEntity::toConnection);
  }

  /**
   * Locks the row until the surrounding transaction ends (serialises handshakes per connection).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Connection lock(UUID id) {
    return connections.lockById(id).orElseThrow().toConnection();
  }

  /** Oldest INVITED/ACCEPTED connections of all tenants, for the state synchronisation. */
  @Transactional(readOnly = true)
  public List<Connection> open(int limit) {
    return connections
        .findByStateInOrderByCreatedAtAsc(
            List.of(ConnectionState.INVITED, ConnectionState.ACCEPTED), PageRequest.of(0, limit))
        .stream()
        .map(ConnectionEntity::toConnection)
        .toList();
  }

  /**
   * @return true if the connection moved from INVITED to ACCEPTED
   */
  @Transactional
  public boolean markAccepted(UUID id, String holderKeyId, Instant now) {
    return locked(id).accept(holderKeyId, now);
  }

  @Transactional
  public void markVerified(UUID id, PinnedHolderKeys keys, Instant now) {
    locked(id).verify(keys, now);
  }

  /** Every VERIFIED connection of a tenant, oldest first (the receivers of a key announcement). */
  @Transactional(readOnly = true)
  public List<Connection> verified(UUID tenantId) {
    return connections
        .findByTenantIdAndStateOrderByCreatedAtAsc(tenantId, ConnectionState.VERIFIED)
        .stream()
        .map(ConnectionEntity::toConnection)
        .toList();
  }

  @Transactional
  public void markIssuerKeyPinned(UUID id, String issuerCommKid, Instant now) {
    locked(id).issuerKeyPinned(issuerCommKid, now);
  }

  @Transactional
  public void markIssuerAuthenticationKeyPinned(UUID id, String issuerAuthKid, Instant now) {
    locked(id).issuerAuthenticationKeyPinned(issuerAuthKid, now);
  }

  @Transactional
  public void markHolderKeyRotated(
      UUID id, String communicationJwk, String communicationKid, Instant now) {
    locked(id).holderKeyRotated(communicationJwk, communicationKid, now);
  }

  @Transactional
  public void recordHolderKeyRotationRefusal(UUID id, String reason, Instant now) {
    locked(id).holderKeyRotationRefused(reason, now);
  }

  @Transactional
  public void recordHandshakeFailure(UUID id, String reason, Instant now) {
    locked(id).handshakeFailed(reason, now);
  }

  /**
   * @return true if the state changed
   */
  @Transactional
  public boolean close(UUID id, ConnectionState closedState, String reason, Instant now) {
    if (!closedState.closed()) {
      throw new IllegalArgumentException(closedState + " is not a closed state");
    }
    return locked(id).close(closedState, reason, now);
  }

  /**
   * The row, locked until the transaction ends. Every change reads the row this way: the entity is
   * written back whole, so a change made from a read taken before another transaction's commit
   * would silently undo that transaction (the state synchronisation's ACCEPTED overwrote a
   * concurrent handshake's VERIFIED this way).
   */
  private ConnectionEntity locked(UUID id) {
    return connections.lockById(id).orElseThrow();
  }
}
