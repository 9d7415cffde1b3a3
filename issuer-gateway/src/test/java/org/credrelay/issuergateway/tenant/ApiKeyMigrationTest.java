package org.credrelay.issuergateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import javax.sql.DataSource;
import org.credrelay.issuergateway.tenant.service.ApiKeys;
import org.credrelay.testsupport.PostgresServer;
import org.credrelay.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 14 item 4: API keys issued before key ids existed ({@code crgw_<secret>}) keep working
 * after the V2 migration, with a key id of their own and the scopes they had in effect (both).
 */
class ApiKeyMigrationTest {

  @Test
  void keysIssuedBeforeV2_getAKeyIdAndBothScopes_andAreStillFoundByHash() {
    TestDatabase database = PostgresServer.get().createDatabase("api_key_migration");
    DataSource dataSource = database.dataSource();
    flyway(dataSource).target("1").load().migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    UUID tenant = UUID.randomUUID();
    var now = Instant.now().atOffset(ZoneOffset.UTC);
    jdbc.sql(
            "INSERT INTO issuer_gateway.tenants (id, name, did, did_derived, created_at)"
                + " VALUES (?, 'Old Co', ?, true, ?)")
        .params(tenant, "did:key:old-" + tenant, now)
        .update();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String legacyKey =
        ApiKeys.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    jdbc.sql(
            "INSERT INTO issuer_gateway.api_keys (key_hash, tenant_id, created_at) VALUES (?, ?, ?)")
        .params(ApiKeys.hash(legacyKey), tenant, now)
        .update();

    flyway(dataSource).load().migrate();

    var row =
        jdbc.sql(
                "SELECT key_id, array_to_string(scopes, ',') AS scopes, revoked_at"
                    + " FROM issuer_gateway.api_keys WHERE key_hash = ?")
            .param(ApiKeys.hash(legacyKey))
            .query()
            .singleRow();
    assertThat((String) row.get("key_id")).matches("[0-9a-f]{16}");
    assertThat((String) row.get("scopes")).isEqualTo("issue,admin-keys");
    assertThat(row.get("revoked_at")).isNull();
  }

  private static FluentConfiguration flyway(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .schemas("issuer_gateway")
        .defaultSchema("issuer_gateway")
        .locations("classpath:db/migration/issuer_gateway");
  }
}
