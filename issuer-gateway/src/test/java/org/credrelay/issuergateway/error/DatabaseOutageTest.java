package org.credrelay.issuergateway.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Issue 13 items 3 and 4: while the gateway's PostgreSQL database refuses every connection (made so
 * from a superuser session: {@code ALLOW_CONNECTIONS false} and the gateway's sessions terminated),
 * a valid API key is not taken for a bad one (no 401) and a request that reaches the database is
 * not a bug (no 500): both are 503 problem+json with Retry-After; afterwards the gateway serves
 * again.
 */
class DatabaseOutageTest extends GatewayIntegrationTest {

  @Value("${spring.datasource.url}")
  String url;

  @Value("${spring.datasource.username}")
  String username;

  @Value("${spring.datasource.password}")
  String password;

  @Test
  void databaseOutage_is503WithRetryAfter_forApiKeyLookupsAndRequests_thenServesAgain()
      throws Exception {
    TestTenant tenant = createTenant("Outage Co");
    String issue = issueBody(createInvitation(tenant).id(), credential("Ada"));
    String database = jdbc.sql("SELECT current_database()").query(String.class).single();
    // A session in another database of the same server: a database cannot lock itself out.
    String otherDatabase = url.replaceFirst("/" + database + "(?=$|\\?)", "/postgres");
    try (Connection admin = DriverManager.getConnection(otherDatabase, username, password)) {
      takeDown(admin, database);
      try {
        assertUnavailable(get("/api/v1/connections").header(API_KEY, tenant.apiKey()));
        assertUnavailable(
            post("/api/v1/credentials")
                .header(API_KEY, tenant.apiKey())
                .header("Idempotency-Key", "outage-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content(issue));
        // The bootstrap key needs no lookup: the controller's own database work fails.
        assertUnavailable(
            post("/api/v1/admin/tenants")
                .header(API_KEY, BOOTSTRAP_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"During Outage\"}"));
      } finally {
        bringBack(admin, database);
      }
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                mvc.perform(get("/api/v1/connections").header(API_KEY, tenant.apiKey()))
                        .andReturn()
                        .getResponse()
                        .getStatus()
                    == 200);
    call(
        mvc.perform(
                post("/api/v1/credentials")
                    .header(API_KEY, tenant.apiKey())
                    .header("Idempotency-Key", "outage-1")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(issue))
            .andReturn(),
        202);
    createTenant("After Outage " + UUID.randomUUID());
  }

  private void assertUnavailable(MockHttpServletRequestBuilder request) throws Exception {
    MvcResult result = mvc.perform(request).andReturn();
    String what = result.getRequest().getRequestURI();
    assertThat(result.getResponse().getStatus()).as(what).isEqualTo(503);
    assertThat(result.getResponse().getHeader("Retry-After")).as(what).isEqualTo("5");
    assertThat(result.getResponse().getContentType())
        .as(what)
        .isEqualTo("application/problem+json");
    assertThat(json.readTree(result.getResponse().getContentAsString()).get("code").stringValue())
        .isEqualTo("UNAVAILABLE");
  }

  private static void takeDown(Connection admin, String database) throws SQLException {
    try (Statement sql = admin.createStatement()) {
      sql.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
      sql.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + database
              + "'");
    }
  }

  private static void bringBack(Connection admin, String database) throws SQLException {
    try (Statement sql = admin.createStatement()) {
      sql.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
    }
  }
}
