package org.credrelay.issuergateway.webhook.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.db.Timestamps;
import org.credrelay.issuergateway.webhook.WebhookEndpoint;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A tenant's webhook endpoints ({@code issuer_gateway.webhook_endpoints}). Secrets arrive and leave
 * encrypted with the key-encryption key; this store holds no key. Every tenant-facing query is
 * scoped by tenant.
 */
@Component
public class WebhookEndpointStore {

  private static final String COLUMNS =
      "id, tenant_id, url, description, event_types, secret_ciphertext,"
          + " previous_secret_ciphertext, previous_secret_until, enabled, disabled_reason,"
          + " disabled_at, consecutive_failures, failing_since, last_success_at, created_at,"
          + " updated_at";
  private static final int MAX_REASON = 500;

  private final JdbcClient jdbc;

  WebhookEndpointStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(
      UUID id,
      UUID tenantId,
      String url,
      String description,
      List<String> eventTypes,
      byte[] secretCiphertext,
      Instant now) {
    jdbc.sql(
            """
        INSERT INTO issuer_gateway.webhook_endpoints (id, tenant_id, url, description, event_types,
            secret_ciphertext, enabled, created_at, updated_at)
        VALUES (:id, :tenant, :url, :description, :types, :secret, true, :now, :now)
        """)
        .param("id", id)
        .param("tenant", tenantId)
        .param("url", url)
        .param("description", description)
        .param("types", eventTypes.toArray(String[]::new))
        .param("secret", secretCiphertext)
        .param("now", ts(now))
        .update();
  }

  public Optional<WebhookEndpoint> find(UUID tenantId, UUID id) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM issuer_gateway.webhook_endpoints WHERE id = :id AND tenant_id = :tenant")
        .param("id", id)
        .param("tenant", tenantId)
        .query(WebhookEndpointStore::endpoint)
        .optional();
  }

  /** By id alone, for the worker (the id comes from the outbox, not from a client). */
  public Optional<WebhookEndpoint> get(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM issuer_gateway.webhook_endpoints WHERE id = :id")
        .param("id", id)
        .query(WebhookEndpointStore::endpoint)
        .optional();
  }

  /** A tenant's endpoints, oldest first. */
  public List<WebhookEndpoint> list(UUID tenantId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM issuer_gateway.webhook_endpoints WHERE tenant_id = :tenant"
                + " ORDER BY created_at, id")
        .param("tenant", tenantId)
        .query(WebhookEndpointStore::endpoint)
        .list();
  }

  public int count(UUID tenantId) {
    return jdbc.sql("SELECT count(*) FROM issuer_gateway.webhook_endpoints WHERE tenant_id = :t")
        .param("t", tenantId)
        .query(Integer.class)
        .single();
  }

  /** Replaces the tenant-editable fields. */
  public void update(
      UUID id, String url, String description, List<String> eventTypes, Instant now) {
    jdbc.sql(
            """
        UPDATE issuer_gateway.webhook_endpoints SET url = :url, description = :description,
            event_types = :types, updated_at = :now WHERE id = :id
        """)
        .param("id", id)
        .param("url", url)
        .param("description", description)
        .param("types", eventTypes.toArray(String[]::new))
        .param("now", ts(now))
        .update();
  }

  /** Enables the endpoint again and forgets its failures. */
  public void enable(UUID id, Instant now) {
    jdbc.sql(
            """
        UPDATE issuer_gateway.webhook_endpoints SET enabled = true, disabled_reason = NULL,
            disabled_at = NULL, consecutive_failures = 0, failing_since = NULL, updated_at = :now
        WHERE id = :id
        """)
        .param("id", id)
        .param("now", ts(now))
        .update();
  }

  /**
   * Disables the endpoint with a reason shown to the tenant.
   *
   * @return false if it was disabled already
   */
  public boolean disable(UUID id, String reason, Instant now) {
    return jdbc.sql(
                """
        UPDATE issuer_gateway.webhook_endpoints SET enabled = false, disabled_reason = :reason,
            disabled_at = :now, updated_at = :now
        WHERE id = :id AND enabled
        """)
            .param("id", id)
            .param("reason", bounded(reason))
            .param("now", ts(now))
            .update()
        == 1;
  }

  /** A new current secret; the old one also signs until {@code previousUntil}. */
  public void rotateSecret(
      UUID id,
      byte[] secretCiphertext,
      byte[] previousCiphertext,
      Instant previousUntil,
      Instant now) {
    jdbc.sql(
            """
        UPDATE issuer_gateway.webhook_endpoints SET secret_ciphertext = :secret,
            previous_secret_ciphertext = :previous, previous_secret_until = :until,
            updated_at = :now WHERE id = :id
        """)
        .param("id", id)
        .param("secret", secretCiphertext)
        .param("previous", previousCiphertext)
        .param("until", previousUntil == null ? null : ts(previousUntil))
        .param("now", ts(now))
        .update();
  }

  /** A 2xx answer: the failure streak ends. */
  public void recordSuccess(UUID id, Instant now) {
    jdbc.sql(
            """
        UPDATE issuer_gateway.webhook_endpoints SET consecutive_failures = 0, failing_since = NULL,
            last_success_at = :now WHERE id = :id
        """)
        .param("id", id)
        .param("now", ts(now))
        .update();
  }

  /**
   * A failed request; returns the endpoint as it is now (streak length and start), if it exists.
   */
  public Optional<WebhookEndpoint> recordFailure(UUID id, Instant now) {
    return jdbc.sql(
            "UPDATE issuer_gateway.webhook_endpoints SET consecutive_failures ="
                + " consecutive_failures + 1, failing_since = coalesce(failing_since, :now)"
                + " WHERE id = :id RETURNING "
                + COLUMNS)
        .param("id", id)
        .param("now", ts(now))
        .query(WebhookEndpointStore::endpoint)
        .optional();
  }

  public boolean delete(UUID tenantId, UUID id) {
    return jdbc.sql(
                "DELETE FROM issuer_gateway.webhook_endpoints WHERE id = :id AND tenant_id = :t")
            .param("id", id)
            .param("t", tenantId)
            .update()
        == 1;
  }

  private static WebhookEndpoint endpoint(ResultSet rs, int row) throws SQLException {
    Array types = rs.getArray("event_types");
    return new WebhookEndpoint(
        rs.getObject("id", UUID.class),
        rs.getObject("tenant_id", UUID.class),
        rs.getString("url"),
        rs.getString("description"),
        List.of((String[]) types.getArray()),
        rs.getBytes("secret_ciphertext"),
        rs.getBytes("previous_secret_ciphertext"),
        Timestamps.instant(rs, "previous_secret_until"),
        rs.getBoolean("enabled"),
        rs.getString("disabled_reason"),
        Timestamps.instant(rs, "disabled_at"),
        rs.getInt("consecutive_failures"),
        Timestamps.instant(rs, "failing_since"),
        Timestamps.instant(rs, "last_success_at"),
        Timestamps.instant(rs, "created_at"),
        Timestamps.instant(rs, "updated_at"));
  }

  static OffsetDateTime ts(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static String bounded(String reason) {
    return reason == null || reason.length() <= MAX_REASON
        ? reason
        : reason.substring(0, MAX_REASON) + "...";
  }
}
