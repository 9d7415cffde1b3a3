package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 7. S1: a credential carrying a unique canary is issued and shown by the wallet; the canary
 * appears in plaintext nowhere else: no table of any service, no log line, no byte the connector or
 * the key registry received or sent.
 */
class CanaryTest {

  private final Scenario scenario = new Scenario();

  @Test
  void canary_appearsOnlyInTheWallet() throws Exception {
    String canary = "CANARY" + SharedSuite.random(12).replaceAll("[^A-Za-z0-9]", "");
    Scenario.Connected c = scenario.connect();
    String deliveryId = scenario.issue(c.issuer(), c.gatewayConnectionId(), canary);
    scenario.awaitDelivery(c.issuer(), deliveryId, "SENT");
    scenario.receiveCredential(c.wallet());
    assertThat(c.wallet().credentials())
        .singleElement()
        .satisfies(credential -> assertThat(credential.documentText()).contains(canary));

    assertThat(tablesContaining(canary)).as("tables holding the canary in plaintext").isEmpty();
    // Control: the same search does find what is stored in plaintext (the issuer's DID).
    assertThat(tablesContaining(c.issuer().did())).contains("connector.participants");
    assertThat(LogCapture.text()).as("log output").doesNotContain(canary);
    byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
    assertThat(scenario.env.connector.observedBytes())
        .as("connector traffic")
        .isNotEmpty()
        .noneMatch(bytes -> contains(bytes, needle));
    assertThat(scenario.env.registry.observedBytes())
        .as("key registry traffic")
        .isNotEmpty()
        .noneMatch(bytes -> contains(bytes, needle));
    c.wallet().close();
  }

  /** Every table of every schema, each row as text (bytea as hex), searched for the canary. */
  private List<String> tablesContaining(String canary) throws SQLException {
    String hex = HexFormat.of().formatHex(canary.getBytes(StandardCharsets.UTF_8));
    List<String> tables = new ArrayList<>();
    List<String> hits = new ArrayList<>();
    try (Connection db = scenario.env.database();
        Statement statement = db.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery(
              """
          SELECT table_schema || '.' || table_name FROM information_schema.tables
          WHERE table_schema IN ('connector', 'key_registry', 'issuer_gateway')
            AND table_type = 'BASE TABLE'""")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertThat(tables).contains("connector.messages", "key_registry.keys");
      for (String table : tables) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM "
                    + table
                    + " t WHERE t::text LIKE '%"
                    + canary
                    + "%' OR t::text LIKE '%"
                    + hex
                    + "%'")) {
          rows.next();
          if (rows.getLong(1) > 0) {
            hits.add(table);
          }
        }
      }
    }
    return hits;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
