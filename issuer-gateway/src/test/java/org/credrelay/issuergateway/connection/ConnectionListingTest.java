package org.credrelay.issuergateway.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The portal's connection listing: keyset pages in (created_at, id) order, filters, counts by
 * state, the last error's code, tenant isolation and 400 for bad input (real PostgreSQL).
 */
class ConnectionListingTest extends GatewayIntegrationTest {

  @Test
  void keysetPages_walkConnectionsCreatedInTheSameInstant_withoutGapsOrRepeats() throws Exception {
    TestTenant tenant = createTenant("Keyset Co");
    List<UUID> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.add(createInvitation(tenant).id()); // five ties in created_at
    }
    expected.sort(Comparator.comparing(UUID::toString)); // PostgreSQL's uuid order
    clock.advance(Duration.ofMillis(1));
    expected.add(createInvitation(tenant).id());

    List<String> seen = new ArrayList<>();
    String after = "";
    int pages = 0;
    do {
      JsonNode page = getJson("/api/v1/connections?limit=2&after=" + after, tenant.apiKey());
      page.get("items").forEach(item -> seen.add(item.get("id").stringValue()));
      after = page.get("nextCursor").isNull() ? null : page.get("nextCursor").stringValue();
      pages++;
    } while (after != null);

    assertThat(seen).containsExactlyElementsOf(expected.stream().map(UUID::toString).toList());
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void filters_byState_lastErrorCode_andTimes_andCountsByState() throws Exception {
    TestTenant tenant = createTenant("Filtering Co");
    Instant start = clock.instant();
    UUID invited = createInvitation(tenant).id();
    UUID refused = createInvitation(tenant).id();
    UUID mismatched = createInvitation(tenant).id();
    UUID revoked = createInvitation(tenant).id();
    clock.advance(Duration.ofSeconds(10));
    Instant changed = clock.instant();
    connections.recordHandshakeFailure(refused, "HANDSHAKE_FAILED: BAD_PROOF: test", changed);
    connections.close(mismatched, ConnectionState.KEY_MISMATCH, "KEY_MISMATCH: test", changed);
    call(
        mvc.perform(
                post("/api/v1/connections/" + revoked + "/revocation")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn(),
        200);

    assertThat(ids("/api/v1/connections?state=ACCEPTED", tenant)).containsExactly(refused);
    assertThat(ids("/api/v1/connections?lastErrorCode=KEY_MISMATCH", tenant))
        .containsExactly(mismatched);
    assertThat(ids("/api/v1/connections?updatedFrom=" + changed, tenant))
        .containsExactlyInAnyOrder(refused, mismatched, revoked);
    assertThat(ids("/api/v1/connections?updatedTo=" + changed, tenant)).containsExactly(invited);
    assertThat(ids("/api/v1/connections?from=" + start + "&to=" + changed, tenant)).hasSize(4);
    assertThat(ids("/api/v1/connections?from=" + changed, tenant)).isEmpty();

    JsonNode byId = item("/api/v1/connections", tenant, refused);
    assertThat(byId.get("state").stringValue()).isEqualTo("ACCEPTED");
    assertThat(byId.get("lastErrorCode").stringValue()).isEqualTo("HANDSHAKE_REFUSED");
    assertThat(byId.get("lastFailure").stringValue()).startsWith("HANDSHAKE_FAILED: BAD_PROOF");
    assertThat(item("/api/v1/connections", tenant, revoked).get("lastErrorCode").stringValue())
        .isEqualTo("REVOKED");
    assertThat(item("/api/v1/connections", tenant, invited).get("lastErrorCode").isNull()).isTrue();
    assertThat(
            getJson("/api/v1/connections/" + mismatched, tenant.apiKey())
                .get("lastErrorCode")
                .stringValue())
        .isEqualTo("KEY_MISMATCH");

    JsonNode counts = getJson("/api/v1/connections/counts", tenant.apiKey());
    assertThat(counts.get("counts").get("INVITED").longValue()).isEqualTo(1);
    assertThat(counts.get("counts").get("ACCEPTED").longValue()).isEqualTo(1);
    assertThat(counts.get("counts").get("KEY_MISMATCH").longValue()).isEqualTo(1);
    assertThat(counts.get("counts").get("REVOKED").longValue()).isEqualTo(1);
    assertThat(counts.get("counts").get("VERIFIED").longValue()).isZero();
    assertThat(counts.get("counts").size()).isEqualTo(ConnectionState.values().length);
    assertThat(counts.get("total").longValue()).isEqualTo(4);
    JsonNode changedCounts =
        getJson("/api/v1/connections/counts?updatedFrom=" + changed, tenant.apiKey());
    assertThat(changedCounts.get("total").longValue()).isEqualTo(3);
    assertThat(changedCounts.get("counts").get("INVITED").longValue()).isZero();
  }

  @Test
  void anotherTenant_seesNoneOfTheConnections_evenWithTheOwnersCursor() throws Exception {
    TestTenant owner = createTenant("Owner Co");
    TestTenant other = createTenant("Other Co");
    createInvitation(owner);
    createInvitation(owner);
    JsonNode ownersPage = getJson("/api/v1/connections?limit=1", owner.apiKey());
    String cursor = ownersPage.get("nextCursor").stringValue();

    assertThat(getJson("/api/v1/connections", other.apiKey()).get("items")).isEmpty();
    assertThat(getJson("/api/v1/connections?after=" + cursor, other.apiKey()).get("items"))
        .isEmpty();
    assertThat(getJson("/api/v1/connections/counts", other.apiKey()).get("total").longValue())
        .isZero();
  }

  @Test
  void badInput_isRefusedWith400AndTheErrorCode() throws Exception {
    TestTenant tenant = createTenant("Careless Co");
    for (String query :
        List.of(
            "after=not-a-cursor",
            "state=SLEEPING",
            "lastErrorCode=OOPS",
            "limit=0",
            "limit=100000",
            "from=yesterday",
            "updatedTo=2026-13-01T00:00:00Z")) {
      JsonNode problem =
          call(
              mvc.perform(get("/api/v1/connections?" + query).header(API_KEY, tenant.apiKey()))
                  .andReturn(),
              400);
      assertThat(problem.get("code").stringValue()).as(query).isEqualTo("INVALID_REQUEST");
    }
    JsonNode problem =
        call(
            mvc.perform(
                    get("/api/v1/connections/counts?lastErrorCode=OOPS")
                        .header(API_KEY, tenant.apiKey()))
                .andReturn(),
            400);
    assertThat(problem.get("code").stringValue()).isEqualTo("INVALID_REQUEST");
  }

  private List<UUID> ids(String path, TestTenant tenant) throws Exception {
    List<UUID> ids = new ArrayList<>();
    getJson(path, tenant.apiKey())
        .get("items")
        .forEach(item -> ids.add(UUID.fromString(item.get("id").stringValue())));
    return ids;
  }

  private JsonNode item(String path, TestTenant tenant, UUID id) throws Exception {
    for (JsonNode item : getJson(path, tenant.apiKey()).get("items")) {
      if (item.get("id").stringValue().equals(id.toString())) {
        return item;
      }
    }
    throw new AssertionError("no " + id + " in " + path);
  }
}
