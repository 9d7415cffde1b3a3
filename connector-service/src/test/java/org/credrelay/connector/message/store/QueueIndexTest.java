package org.credrelay.connector.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue quota (run on every send) and GetQueueStatus read messages_recipient_queue_idx,
 * filtered by recipient, never the whole table (proved with EXPLAIN).
 */
class QueueIndexTest extends ConnectorIntegrationTest {

  @Autowired private JdbcTemplate jdbc;

  @Test
  void quotaAndStatusQueries_scanOnlyTheRecipientsPartOfTheQueueIndex() {
    String connectionId = connect(registeredIssuer(), TestParty.holder(clock)).getConnectionId();
    String prefix = "queue-index-test-" + UUID.randomUUID() + "-";
    // 20,000 rows over 20 recipients, then fresh statistics and visibility: the planner chooses.
    jdbc.update(
        """
        INSERT INTO messages (id, connection_id, sender_id, recipient_id, received_at, content,
                              content_sha256)
        SELECT gen_random_uuid(), ?::uuid, 'sender', ? || (n % 20),
               now() + n * interval '1 millisecond', '\\x00'::bytea, '\\x00'::bytea
        FROM generate_series(1, 20000) AS n""",
        connectionId, prefix);
    jdbc.execute("VACUUM (ANALYZE) messages");
    java.time.OffsetDateTime expiryCutoff =
        clock.instant().minus(java.time.Duration.ofDays(30)).atOffset(java.time.ZoneOffset.UTC);

    String quota =
        jdbc.execute(
            (ConnectionCallback<String>)
                connection -> {
                  try (PreparedStatement explain =
                      connection.prepareStatement("EXPLAIN " + QueueStore.OVER_QUOTA)) {
                    Array recipients =
                        connection.createArrayOf("text", new String[] {prefix + 7, prefix + 8});
                    explain.setArray(1, recipients);
                    explain.setObject(2, expiryCutoff);
                    explain.setInt(3, 10_001);
                    explain.setInt(4, 10_000);
                    explain.setLong(5, 100L << 20);
                    return lines(explain.executeQuery());
                  }
                });
    String status =
        String.join(
            "\n",
            jdbc.queryForList(
                "EXPLAIN " + QueueStore.BY_CONNECTION, String.class, prefix + 7, expiryCutoff));

    // Which recipient index the planner takes (the queue index, index-only, or the page index
    // with a bitmap heap scan) depends on its estimates; either way it reads only this recipient's
    // rows, and the quota stops after max-messages + 1 of them.
    // The messages table is partitioned by time (V4): each partition has its own
    // <partition>_recipient_(queue|page)_idx; the planner reads partitions created ahead, still
    // empty, sequentially at zero cost, and nothing else.
    assertThat(quota)
        .containsPattern("Index (Only )?Scan (using|on) messages_p\\w+_recipient_(queue|page)_idx")
        // the expiry cutoff joins the recipient in the index condition (received_at is a key
        // column)
        .containsPattern("Index Cond: \\(+recipient_id = r\\.recipient_id\\)")
        .contains("Limit");
    assertThat(status)
        .containsPattern("Index (Only )?Scan (using|on) messages_p\\w+_recipient_(queue|page)_idx")
        .containsPattern("Index Cond: \\(+recipient_id = ");
    // ... or a partition of one page that another test of this context left a row in (yesterday's,
    // right after midnight): reading one page is what the planner should do there.
    assertThat(seqScans(quota + "\n" + status))
        .allMatch(line -> line.matches(".*\\(cost=0\\.00\\.\\.(0\\.00|1\\.\\d\\d) .*"));
  }

  private static List<String> seqScans(String plans) {
    return plans.lines().filter(line -> line.contains("Seq Scan")).toList();
  }

  private static String lines(ResultSet rows) throws java.sql.SQLException {
    List<String> lines = new ArrayList<>();
    while (rows.next()) {
      lines.add(rows.getString(1));
    }
    return String.join("\n", lines);
  }
}
