package org.credrelay.connector.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The recipient page queries are served by messages_recipient_page_idx (proved with EXPLAIN). */
class MessagePageIndexTest extends ConnectorIntegrationTest {

  @Autowired private JdbcTemplate jdbc;

  @Test
  void pageQueries_useTheRecipientPageIndex() {
    String connectionId = connect(registeredIssuer(), TestParty.holder(clock)).getConnectionId();
    String prefix = "index-test-" + UUID.randomUUID() + "-";
    // 20,000 rows over 20 recipients, then fresh statistics: the planner chooses on its own.
    jdbc.update(
        """
        INSERT INTO messages (id, connection_id, sender_id, recipient_id, received_at, content,
                              content_sha256)
        SELECT gen_random_uuid(), ?::uuid, 'sender', ? || (n % 20),
               now() + n * interval '1 millisecond', '\\x00'::bytea, '\\x00'::bytea
        FROM generate_series(1, 20000) AS n""",
        connectionId, prefix);
    jdbc.execute("ANALYZE messages");

    long bytes = 2L << 20;
    String firstPage = plan("EXPLAIN " + MessageStore.FIRST_PAGE, bytes, prefix + 7, 101);
    String nextPage =
        plan(
            "EXPLAIN " + MessageStore.NEXT_PAGE,
            bytes,
            prefix + 7,
            OffsetDateTime.now(ZoneOffset.UTC),
            UUID.randomUUID(),
            101);
    String pageAfterMessage =
        plan(
            "EXPLAIN " + MessageStore.PAGE_AFTER_MESSAGE,
            bytes,
            prefix + 7,
            UUID.randomUUID(),
            prefix + 7,
            101);

    assertThat(firstPage)
        .contains("Index Scan using messages_recipient_page_idx")
        .doesNotContain("Sort");
    assertThat(nextPage)
        .contains("Index Scan using messages_recipient_page_idx")
        .contains("Index Cond")
        .doesNotContain("Sort");
    assertThat(pageAfterMessage)
        .contains("Index Scan using messages_recipient_page_idx")
        .contains("Index Scan using messages_pkey")
        .doesNotContain("Sort");
  }

  private String plan(String sql, Object... args) {
    List<String> lines = jdbc.queryForList(sql, String.class, args);
    return String.join("\n", lines);
  }
}
