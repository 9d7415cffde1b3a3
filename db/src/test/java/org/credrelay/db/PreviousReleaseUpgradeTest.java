package org.credrelay.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.credrelay.testsupport.PostgresExtension;
import org.credrelay.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An upgrade from the previous release (chart 0.1.0, the chart copy in the helm module's test
 * resources) migrates each schema forward with its data in it and loses nothing: every row and
 * every value of every column that existed before is still there afterwards, and a second run
 * migrates nothing (Flyway's migrations are forward-only and run once).
 *
 * <p>The fixtures ({@code upgrade/<schema>.sql}) hold the data of a running previous release. A
 * migration that means to change old data on purpose must say so here, with the column it changes.
 */
@ExtendWith(PostgresExtension.class)
class PreviousReleaseUpgradeTest {

  /** The schema version of each service in the previous release (commit 4e56591). */
  private static final Map<ServiceSchema, String> PREVIOUS_RELEASE =
      Map.of(
          ServiceSchema.CONNECTOR, "6",
          ServiceSchema.KEY_REGISTRY, "1",
          ServiceSchema.ISSUER_GATEWAY, "5");

  @ParameterizedTest
  @EnumSource(ServiceSchema.class)
  void upgradeFromThePreviousRelease_keepsEveryRowAndValue_andRunsOnce(
      ServiceSchema schema, TestDatabase db) throws SQLException {
    MigrationVersion previous = MigrationVersion.fromVersion(PREVIOUS_RELEASE.get(schema));
    flyway(schema, db).target(previous).load().migrate();
    execute(db, fixture(schema));
    Map<String, List<String>> columnsBefore = columns(db, schema);
    Map<String, String> contentBefore = content(db, schema, columnsBefore);
    assertThat(contentBefore.values()).anyMatch(summary -> !summary.startsWith("0 rows"));

    flyway(schema, db).load().migrate();

    assertThat(content(db, schema, columnsBefore))
        .as("rows and values of the previous release's tables after the upgrade")
        .isEqualTo(contentBefore);
    assertThat(flyway(schema, db).load().migrate().migrationsExecuted)
        .as("a second migrate")
        .isZero();
    flyway(schema, db).load().validate();
  }

  private static FluentConfiguration flyway(ServiceSchema schema, TestDatabase db) {
    return Flyway.configure()
        .dataSource(db.dataSource())
        .schemas(schema.schemaName())
        .defaultSchema(schema.schemaName())
        .locations(schema.location());
  }

  private static String fixture(ServiceSchema schema) {
    String resource = "/upgrade/" + schema.schemaName() + ".sql";
    try (InputStream in = PreviousReleaseUpgradeTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The columns of every table of the schema (partitions included), Flyway's history left out. */
  private static Map<String, List<String>> columns(TestDatabase db, ServiceSchema schema)
      throws SQLException {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    for (String row :
        query(
            db,
            """
            SELECT c.relname || ' ' || a.attname
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = '%s' AND c.relkind IN ('r', 'p')
              AND c.relname <> 'flyway_schema_history'
            ORDER BY c.relname, a.attnum"""
                .formatted(schema.schemaName()))) {
      String[] tableAndColumn = row.split(" ", 2);
      columns.computeIfAbsent(tableAndColumn[0], table -> new ArrayList<>()).add(tableAndColumn[1]);
    }
    return columns;
  }

  /** Per table: its row count and a digest of the given columns of all its rows. */
  private static Map<String, String> content(
      TestDatabase db, ServiceSchema schema, Map<String, List<String>> columns)
      throws SQLException {
    Map<String, String> content = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> table : columns.entrySet()) {
      String row =
          table.getValue().stream().map(c -> '"' + c + '"').collect(Collectors.joining(", "));
      content.put(
          table.getKey(),
          query(
                  db,
                  """
                  SELECT count(*) || ' rows ' || md5(coalesce(string_agg(r, E'\\n' ORDER BY r), ''))
                  FROM (SELECT ROW(%s)::text AS r FROM ONLY %s."%s") AS t"""
                      .formatted(row, schema.schemaName(), table.getKey()))
              .get(0));
    }
    return content;
  }

  private static void execute(TestDatabase db, String sql) throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> query(TestDatabase db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      while (resultSet.next()) {
        rows.add(resultSet.getString(1));
      }
    }
    return rows;
  }
}
