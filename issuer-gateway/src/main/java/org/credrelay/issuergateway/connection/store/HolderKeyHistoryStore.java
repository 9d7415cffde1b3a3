package org.credrelay.issuergateway.connection.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.keyhistory.LogHead;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The last verified head of each connection's holder key event log (S8). A head only moves forward:
 * the verifier accepts only logs that extend it, and {@link #remember} never lowers it.
 */
@Component
public class HolderKeyHistoryStore {

  private final JdbcClient jdbc;

  HolderKeyHistoryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<LogHead> pinned(UUID connectionId) {
    return jdbc.sql(
            "SELECT head_sequence, head_hash FROM issuer_gateway.holder_key_histories"
                + " WHERE connection_id = ?")
        .param(connectionId)
        .query((rs, row) -> new LogHead(rs.getLong(1), rs.getString(2)))
        .optional();
  }

  public void remember(UUID connectionId, LogHead head, Instant verifiedAt) {
    jdbc.sql(
            "INSERT INTO issuer_gateway.holder_key_histories"
                + " (connection_id, head_sequence, head_hash, verified_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (connection_id) DO UPDATE SET head_sequence = EXCLUDED.head_sequence,"
                + " head_hash = EXCLUDED.head_hash, verified_at = EXCLUDED.verified_at"
                + " WHERE holder_key_histories.head_sequence <= EXCLUDED.head_sequence")
        .params(
            connectionId, head.sequence(), head.eventHash(), verifiedAt.atOffset(ZoneOffset.UTC))
        .update();
  }
}
