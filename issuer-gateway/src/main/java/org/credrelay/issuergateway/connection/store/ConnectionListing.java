package org.credrelay.issuergateway.connection.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionFilter;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.keyset.KeysetCursor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The portal's view of a tenant's connections: keyset pages in (created_at, id) order and counts by
 * state, always scoped by tenant. The filtered keyset query is SQL (served by {@code
 * connections_tenant_page_idx} / {@code connections_tenant_state_idx}); the rows of a page are then
 * loaded as entities, so a connection is mapped in one place.
 */
@Component
public class ConnectionListing {

  private final JdbcClient jdbc;
  private final ConnectionRepository connections;

  ConnectionListing(JdbcClient jdbc, ConnectionRepository connections) {
    this.jdbc = jdbc;
    this.connections = connections;
  }

  /** Up to {@code limit} connections matching {@code filter} strictly after {@code after}. */
  @Transactional(readOnly = true)
  public List<Connection> page(
      UUID tenantId, ConnectionFilter filter, KeysetCursor after, int limit) {
    Map<String, Object> params = new HashMap<>();
    StringBuilder sql =
        new StringBuilder("SELECT id FROM issuer_gateway.connections WHERE ")
            .append(where(tenantId, filter, params));
    if (after != null) {
      sql.append(" AND (created_at, id) > (:afterCreated, :afterId)");
      params.put("afterCreated", ts(after.createdAt()));
      params.put("afterId", after.id());
    }
    sql.append(" ORDER BY created_at, id LIMIT :limit");
    params.put("limit", limit);
    List<UUID> ids = jdbc.sql(sql.toString()).params(params).query(UUID.class).list();
    Map<UUID, Integer> order = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      order.put(ids.get(i), i);
    }
    return connections.findAllById(ids).stream()
        .map(ConnectionEntity::toConnection)
        .sorted(Comparator.comparing(connection -> order.get(connection.id())))
        .toList();
  }

  /** How many of a tenant's connections match {@code filter}, per state (every state, 0 too). */
  @Transactional(readOnly = true)
  public Map<ConnectionState, Long> countByState(UUID tenantId, ConnectionFilter filter) {
    Map<String, Object> params = new HashMap<>();
    String sql =
        "SELECT state, count(*) AS n FROM issuer_gateway.connections WHERE "
            + where(tenantId, filter, params)
            + " GROUP BY state";
    Map<ConnectionState, Long> counts = new EnumMap<>(ConnectionState.class);
    for (ConnectionState state : ConnectionState.values()) {
      counts.put(state, 0L);
    }
    jdbc.sql(sql)
        .params(params)
        .query(
            rs -> {
              counts.put(ConnectionState.valueOf(rs.getString("state")), rs.getLong("n"));
            });
    return counts;
  }

  /** The conditions of {@code filter} on a tenant's connections; fills {@code params}. */
  private static String where(UUID tenantId, ConnectionFilter filter, Map<String, Object> params) {
    StringBuilder sql = new StringBuilder("tenant_id = :tenant");
    params.put("tenant", tenantId);
    if (filter.state() != null) {
      sql.append(" AND state = :state");
      params.put("state", filter.state().name());
    }
    if (filter.lastErrorCode() != null) {
      sql.append(" AND last_error_code = :code");
      params.put("code", filter.lastErrorCode().name());
    }
    range(sql, params, "created_at", "from", filter.from(), filter.to());
    range(sql, params, "updated_at", "updated", filter.updatedFrom(), filter.updatedTo());
    return sql.toString();
  }

  private static void range(
      StringBuilder sql,
      Map<String, Object> params,
      String column,
      String name,
      Instant from,
      Instant to) {
    if (from != null) {
      sql.append(" AND ").append(column).append(" >= :").append(name).append("From");
      params.put(name + "From", ts(from));
    }
    if (to != null) {
      sql.append(" AND ").append(column).append(" < :").append(name).append("To");
      params.put(name + "To", ts(to));
    }
  }

  private static OffsetDateTime ts(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
