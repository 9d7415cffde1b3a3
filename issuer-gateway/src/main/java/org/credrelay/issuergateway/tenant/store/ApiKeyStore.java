package org.credrelay.issuergateway.tenant.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.credrelay.db.Timestamps;
import org.credrelay.issuergateway.tenant.ApiKey;
import org.credrelay.issuergateway.tenant.ApiKeyScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tenant API keys by SHA-256 hash; the keys themselves are never stored. Every lookup reads the
 * database; {@code tenant.service.ApiKeyManager} holds verified active keys for a few seconds.
 */
@Component
public class ApiKeyStore {

  private static final String COLUMNS =
      "key_id, tenant_id, label, scopes, created_at, last_used_at, revoked_at";

  private final JdbcClient jdbc;

  ApiKeyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void add(
      byte[] keyHash,
      String keyId,
      UUID tenantId,
      String label,
      Set<ApiKeyScope> scopes,
      Instant now) {
    jdbc.sql(
            "INSERT INTO issuer_gateway.api_keys"
                + " (key_hash, key_id, tenant_id, label, scopes, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
        .params(
            keyHash,
            keyId,
            tenantId,
            label,
            scopes.stream().map(ApiKeyScope::value).sorted().toArray(String[]::new),
            now.atOffset(ZoneOffset.UTC))
        .update();
  }

  /** The key with this hash, revoked or not. */
  public Optional<ApiKey> findByHash(byte[] keyHash) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM issuer_gateway.api_keys WHERE key_hash = ?")
        .param(keyHash)
        .query(ApiKeyStore::map)
        .optional();
  }

  /** All keys of the tenant, oldest first. */
  public List<ApiKey> list(UUID tenantId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM issuer_gateway.api_keys WHERE tenant_id = ?"
                + " ORDER BY created_at, key_id")
        .param(tenantId)
        .query(ApiKeyStore::map)
        .list();
  }

  /**
   * Locks the tenant's row until the transaction ends and counts its active keys: concurrent mints
   * of one tenant are serialized, so the limit on active keys holds.
   */
  public int lockTenantAndCountActive(UUID tenantId) {
    jdbc.sql("SELECT id FROM issuer_gateway.tenants WHERE id = ? FOR UPDATE")
        .param(tenantId)
        .query()
        .listOfRows();
    return jdbc.sql(
            "SELECT count(*) FROM issuer_gateway.api_keys"
                + " WHERE tenant_id = ? AND revoked_at IS NULL")
        .param(tenantId)
        .query(Integer.class)
        .single();
  }

  /** Records a use, at most once per {@code notBefore} interval (a write only when it is stale). */
  public void touch(String keyId, Instant now, Instant staleBefore) {
    jdbc.sql(
            "UPDATE issuer_gateway.api_keys SET last_used_at = ? WHERE key_id = ?"
                + " AND (last_used_at IS NULL OR last_used_at < ?)")
        .params(now.atOffset(ZoneOffset.UTC), keyId, staleBefore.atOffset(ZoneOffset.UTC))
        .update();
  }

  /** Revokes the tenant's key (a revoked key keeps its first revocation time); false if unknown. */
  public boolean revoke(UUID tenantId, String keyId, Instant now) {
    return jdbc.sql(
                "UPDATE issuer_gateway.api_keys SET revoked_at = COALESCE(revoked_at, ?)"
                    + " WHERE tenant_id = ? AND key_id = ?")
            .params(now.atOffset(ZoneOffset.UTC), tenantId, keyId)
            .update()
        == 1;
  }

  /** Revokes every active key of the tenant; returns how many. */
  public int revokeAll(UUID tenantId, Instant now) {
    return jdbc.sql(
            "UPDATE issuer_gateway.api_keys SET revoked_at = ?"
                + " WHERE tenant_id = ? AND revoked_at IS NULL")
        .params(now.atOffset(ZoneOffset.UTC), tenantId)
        .update();
  }

  private static ApiKey map(ResultSet rs, int row) throws SQLException {
    return new ApiKey(
        rs.getString("key_id"),
        rs.getObject("tenant_id", UUID.class),
        rs.getString("label"),
        scopes(rs.getArray("scopes")),
        Timestamps.instant(rs, "created_at"),
        Timestamps.instant(rs, "last_used_at"),
        Timestamps.instant(rs, "revoked_at"));
  }

  private static Set<ApiKeyScope> scopes(Array array) throws SQLException {
    Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
    for (Object value : (Object[]) array.getArray()) {
      ApiKeyScope.of((String) value).ifPresent(scopes::add);
    }
    return scopes;
  }
}
