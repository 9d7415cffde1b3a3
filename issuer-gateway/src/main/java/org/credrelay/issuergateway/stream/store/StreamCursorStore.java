package org.credrelay.issuergateway.stream.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Per tenant, the id of the last stream message processed (where a reconnect resumes). */
@Component
public class StreamCursorStore {

  private final JdbcClient jdbc;

  StreamCursorStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<String> lastSeen(UUID tenantId) {
    return jdbc.sql(
            "SELECT last_seen_message_id FROM issuer_gateway.stream_cursors"
                + " WHERE tenant_id = :tenant")
        .param("tenant", tenantId)
        .query(String.class)
        .optional();
  }

  /** Forgets the cursor: the next stream starts with the whole backlog. */
  public void reset(UUID tenantId) {
    jdbc.sql("DELETE FROM issuer_gateway.stream_cursors WHERE tenant_id = :tenant")
        .param("tenant", tenantId)
        .update();
  }

  public void advance(UUID tenantId, String messageId, Instant now) {
    jdbc.sql(
            """
        INSERT INTO issuer_gateway.stream_cursors (tenant_id, last_seen_message_id, updated_at)
        VALUES (:tenant, :id, :now)
        ON CONFLICT (tenant_id) DO UPDATE
          SET last_seen_message_id = excluded.last_seen_message_id, updated_at = excluded.updated_at
        """)
        .param("tenant", tenantId)
        .param("id", messageId)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .update();
  }
}
