package org.credrelay.connector.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.message.NewMessage;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Message content of a few KiB stays in the heap row, uncompressed (migration V2; every partition
 * since V4), so a page query reads each message where the index points instead of through the TOAST
 * table.
 */
class MessageContentStorageTest extends ConnectorIntegrationTest {

  @Autowired private MessageStore store;

  @Autowired private JdbcTemplate jdbc;

  @Test
  void credentialSizedContent_isStoredInlineAndUncompressed() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    UUID connectionId = UUID.fromString(connect(issuer, holder).getConnectionId());
    byte[] compressible = new byte[6000]; // zeros: pglz would shrink this to almost nothing
    UUID id =
        store
            .append(
                List.of(
                    new NewMessage(
                        connectionId, issuer.id(), holder.id(), compressible, new byte[32], null)),
                Instant.now())
            .get(0)
            .id();

    Integer storedSize =
        jdbc.queryForObject(
            "SELECT pg_column_size(content) FROM messages WHERE id = ?", Integer.class, id);
    String compression =
        jdbc.queryForObject(
            "SELECT pg_column_compression(content) FROM messages WHERE id = ?", String.class, id);
    Long toastChunkId =
        jdbc.queryForObject(
            "SELECT pg_column_toast_chunk_id(content) FROM messages WHERE id = ?", Long.class, id);
    String partitionOptions =
        jdbc.queryForObject(
            """
            SELECT array_to_string(c.reloptions, ',') FROM messages m
            JOIN pg_class c ON c.oid = m.tableoid WHERE m.id = ?""",
            String.class,
            id);

    assertThat(storedSize).isGreaterThanOrEqualTo(compressible.length);
    assertThat(compression).isNull();
    assertThat(toastChunkId).as("stored in the TOAST table").isNull();
    assertThat(partitionOptions).contains("toast_tuple_target=8160");
  }
}
