package org.credrelay.issuergateway.tenant.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tenant API keys by SHA-256 hash; the keys themselves are never stored. */
@Component
public class ApiKeyStore {

  private final JdbcClient jdbc;

  ApiKeyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void add(byte[] keyHash, UUID tenantId, Instant now) {
    jdbc.sql("INSERT INTO api_keys (key_hash, tenant_id, created_at) VALUES (?, ?, ?)")
        .params(keyHash, tenantId, now.atOffset(ZoneOffset.UTC)).update();
  }

  /** The tenant of a valid (not revoked) key with this hash. */
  public Optional<UUID> tenantOf(byte[] keyHash) {
    return jdbc.sql("SELECT tenant_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
        .param(keyHash).query(UUID.class).optional();
  }
}
