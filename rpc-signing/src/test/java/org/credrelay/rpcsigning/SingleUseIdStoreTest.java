package org.credrelay.rpcsigning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.credrelay.rpcsigning.SingleUseIdStore.Durability;
import org.credrelay.testsupport.PostgresExtension;
import org.credrelay.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Against real PostgreSQL (test-support's server), on a table shaped like the services' ones. */
@ExtendWith(PostgresExtension.class)
class SingleUseIdStoreTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static DataSource dataSource;

  @BeforeAll
  static void createTable(TestDatabase database) throws Exception {
    dataSource = database.dataSource();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA svc");
      statement.execute(
          "CREATE TABLE svc.request_nonces (nonce TEXT PRIMARY KEY,"
              + " expires_at TIMESTAMPTZ NOT NULL)");
      statement.execute(
          "CREATE TABLE svc.handshake_jtis (jti TEXT PRIMARY KEY,"
              + " expires_at TIMESTAMPTZ NOT NULL)");
    }
  }

  private static SingleUseIdStore nonces(Durability durability) {
    return new SingleUseIdStore(dataSource, "svc.request_nonces", "nonce", durability);
  }

  @Test
  void aNonce_isAcceptedOncePerKey() {
    SingleUseIdStore store = nonces(Durability.SERVER_DEFAULT);
    Instant expiry = NOW.plus(Duration.ofMinutes(5));

    assertThat(store.markUsed("kid-1", "n-once", expiry)).isTrue();
    assertThat(store.markUsed("kid-1", "n-once", expiry)).isFalse();
    assertThat(store.markUsed("kid-2", "n-once", expiry)).as("another signer's nonce").isTrue();
  }

  @Test
  void asynchronousCommit_stillRefusesTheSecondUse() {
    SingleUseIdStore store = nonces(Durability.ASYNCHRONOUS_COMMIT);

    assertThat(store.markUsed("kid-1", "n-async", NOW)).isTrue();
    assertThat(store.markUsed("kid-1", "n-async", NOW)).isFalse();
  }

  @Test
  void asynchronousCommit_changesTheSettingOnlyForItsOwnTransaction() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET synchronous_commit = on");
      SingleUseIdStore onThisConnection =
          new SingleUseIdStore(
              new SingleConnection(connection),
              "svc.request_nonces",
              "nonce",
              Durability.ASYNCHRONOUS_COMMIT);

      onThisConnection.markUsed("kid-1", "n-local", NOW);

      try (ResultSet setting = statement.executeQuery("SHOW synchronous_commit")) {
        setting.next();
        assertThat(setting.getString(1)).isEqualTo("on");
      }
    }
  }

  @Test
  void jtis_useTheirOwnTableAndColumn() {
    SingleUseIdStore jtis =
        new SingleUseIdStore(dataSource, "svc.handshake_jtis", "jti", Durability.SERVER_DEFAULT);

    assertThat(jtis.markUsed("jti-1", NOW)).isTrue();
    assertThat(jtis.markUsed("jti-1", NOW)).isFalse();
  }

  @Test
  void purge_deletesOnlyExpiredIds_soAnExpiredIdIsAcceptedAgain() {
    SingleUseIdStore store = nonces(Durability.SERVER_DEFAULT);
    store.markUsed("kid-p", "old", NOW.minusSeconds(1));
    store.markUsed("kid-p", "current", NOW.plusSeconds(60));

    assertThat(store.purgeExpired(NOW)).isGreaterThanOrEqualTo(1);

    assertThat(store.markUsed("kid-p", "old", NOW.plusSeconds(60))).isTrue();
    assertThat(store.markUsed("kid-p", "current", NOW.plusSeconds(60))).isFalse();
  }

  @Test
  void concurrentUsesOfOneId_exactlyOneWins() throws Exception {
    SingleUseIdStore store = nonces(Durability.ASYNCHRONOUS_COMMIT);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> uses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        uses.add(() -> store.markUsed("kid-c", "raced", NOW));
      }
      int wins = 0;
      for (Future<Boolean> use : pool.invokeAll(uses)) {
        wins += use.get() ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tableName_mustBeSchemaQualified() {
    assertThatThrownBy(
            () ->
                new SingleUseIdStore(
                    dataSource, "request_nonces", "nonce", Durability.SERVER_DEFAULT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new SingleUseIdStore(
                    dataSource, "svc.t; DROP TABLE x", "nonce", Durability.SERVER_DEFAULT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
