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

/**
 * The recipient page queries are served by messages_recipient_page_idx on every partition they
 * read, in partition order without a sort (proved with EXPLAIN).
 */
class MessagePageIndexTest extends ConnectorIntegrationTest {

  @Autowired private JdbcTemplate jdbc;

  @Test
  void pageQueries_useTheRecipientPageIndex() {
    String connectionId = connect(registeredIssuer(), TestParty.holder(clock)).getConnectionId();
    String prefix = "index-test-" + UUID.randomUUID() + "-";
    // 20,000 rows over 20 recipients and more than two days (so several partitions), then fresh
    // statistics: the planner chooses on its own.
    jdbc.update(
        """
        INSERT INTO messages (id, connection_id, sender_id, recipient_id, received_at, content,
                              content_sha256)
        SELECT gen_random_uuid(), ?::uuid, 'sender', ? || (n % 20),
               now() + n * interval '10 seconds', '\\x00'::bytea, '\\x00'::bytea
        FROM generate_series(1, 20000) AS n""",
        connectionId, prefix);
    jdbc.execute("ANALYZE messages");

    long bytes = 2L << 20;
    OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minusDays(30);
    String firstPage = plan("EXPLAIN " + MessageStore.FIRST_PAGE, bytes, prefix + 7, cutoff, 101);
    String nextPage =
        plan(
            "EXPLAIN " + MessageStore.NEXT_PAGE,
            bytes,
            prefix + 7,
            OffsetDateTime.now(ZoneOffset.UTC),
            UUID.randomUUID(),
            cutoff,
            101);
    String pageAfterMessage =
        plan(
            "EXPLAIN " + MessageStore.PAGE_AFTER_MESSAGE,
            bytes,
            prefix + 7,
            UUID.randomUUID(),
            prefix + 7,
            cutoff,
            101);

    for (String plan : List.of(firstPage, nextPage, pageAfterMessage)) {
      assertThat(plan).doesNotContain("Sort");
      // The planner may read a partition that is empty (created ahead, no pages) or of one page
      // (a row another test of this context left in yesterday's, right after midnight)
      // sequentially.
      assertThat(plan.lines().filter(line -> line.contains("Seq Scan")))
          .allSatisfy(
              line -> assertThat(line).containsPattern("\\(cost=0\\.00\\.\\.(0\\.00|1\\.\\d\\d) "));
      assertThat(pagePartitionScans(plan))
          .as("partitions read through their recipient page index")
          .hasSizeGreaterThanOrEqualTo(3)
          .allSatisfy(
              scan ->
                  assertThat(scan)
                      .matches("Index Scan using (messages_p\\w+)_recipient_page_idx on \\1\\b.*"));
    }
    assertThat(nextPage).contains("Index Cond");
    assertThat(pageAfterMessage).containsPattern("Index Scan using messages_p\\w+_pkey");
  }

  /**
   * The plan lines that read a partition for the page itself (not the cursor lookup by id), except
   * empty ones.
   */
  private static List<String> pagePartitionScans(String plan) {
    return plan.lines()
        .map(String::strip)
        .map(line -> line.replaceFirst("^->\\s*", ""))
        .filter(line -> line.matches(".* on messages_p\\w+.*"))
        .filter(line -> !line.contains("_pkey"))
        // an empty partition, read for nothing, or one of a single page read sequentially
        .filter(line -> !line.matches("Seq Scan .*\\(cost=0\\.00\\.\\.(0\\.00|1\\.\\d\\d) .*"))
        .toList();
  }

  private String plan(String sql, Object... args) {
    List<String> lines = jdbc.queryForList(sql, String.class, args);
    return String.join("\n", lines);
  }
}
