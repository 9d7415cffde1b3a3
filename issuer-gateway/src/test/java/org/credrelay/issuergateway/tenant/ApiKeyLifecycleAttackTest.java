package org.credrelay.issuergateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.issuergateway.testing.RealPortGatewayTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14 item 4: a leaked or retired tenant API key can be found, named and revoked, and a key
 * cannot mint unlimited keys. Over the real API port against a real PostgreSQL.
 */
class ApiKeyLifecycleAttackTest extends RealPortGatewayTest {

  private static final String KEYS = "/api/v1/tenant/api-keys";

  @Test
  void revokedKey_is401_onTheNextRequest() throws Exception {
    TestTenant tenant = createTenant("Revoke Co");
    JsonNode minted = mint(tenant.apiKey(), "{\"label\":\"portal\"}");
    String second = minted.get("apiKey").stringValue();
    expect(send("GET", "/api/v1/tenant", null, API_KEY, second), 200, null);

    expect(
        send(
            "DELETE",
            KEYS + "/" + minted.get("key").get("id").stringValue(),
            null,
            API_KEY,
            tenant.apiKey()),
        204,
        null);

    expect(send("GET", "/api/v1/tenant", null, API_KEY, second), 401, "UNAUTHENTICATED");
    expect(send("GET", "/api/v1/tenant", null, API_KEY, tenant.apiKey()), 200, null);
  }

  @Test
  void keyRevokedByAnotherReplica_isRefusedOnceTheCacheTtlHasPassed() throws Exception {
    TestTenant tenant = createTenant("Replica Co");
    expect(send("GET", "/api/v1/tenant", null, API_KEY, tenant.apiKey()), 200, null);
    // Another replica revokes: only the shared database changes. This replica trusts the key it
    // verified for gateway.api-keys.cache-ttl (5 s) and no longer.
    jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE tenant_id = ?")
        .param(tenant.id())
        .update();
    clock.advance(Duration.ofMillis(4_900));
    expect(send("GET", "/api/v1/tenant", null, API_KEY, tenant.apiKey()), 200, null);
    clock.advance(Duration.ofMillis(100));
    expect(send("GET", "/api/v1/tenant", null, API_KEY, tenant.apiKey()), 401, "UNAUTHENTICATED");
  }

  @Test
  void list_showsIdsLabelsScopesAndUse_neverTheSecret() throws Exception {
    TestTenant tenant = createTenant("List Co");
    JsonNode minted = mint(tenant.apiKey(), "{\"label\":\"ci\",\"scopes\":[\"issue\"]}");
    String second = minted.get("apiKey").stringValue();
    String secondId = minted.get("key").get("id").stringValue();
    assertThat(second).startsWith("crgw_" + secondId + "_");
    expect(send("GET", "/api/v1/tenant", null, API_KEY, second), 200, null);

    var response = send("GET", KEYS, null, API_KEY, tenant.apiKey());
    JsonNode list = expect(response, 200, null);
    assertThat(response.body())
        .doesNotContain(second)
        .doesNotContain(tenant.apiKey())
        .doesNotContain(second.substring(5 + 16 + 1));
    assertThat(list).hasSize(2);
    String firstId = tenant.apiKey().substring(5, 5 + 16);
    JsonNode first = byId(list, firstId);
    assertThat(first.get("scopes").toString()).contains("issue", "admin-keys");
    JsonNode listed = byId(list, secondId);
    assertThat(listed.get("label").stringValue()).isEqualTo("ci");
    assertThat(listed.get("scopes").toString()).isEqualTo("[\"issue\"]");
    assertThat(listed.path("createdAt").isString()).isTrue();
    assertThat(listed.path("revokedAt").isString()).isFalse();
    // The use is written by the key check's background thread, shortly after the request.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        byId(
                                expect(
                                    send("GET", KEYS, null, API_KEY, tenant.apiKey()), 200, null),
                                secondId)
                            .path("lastUsedAt")
                            .isString())
                    .as("used once")
                    .isTrue());
  }

  @Test
  void keyWithIssueScopeOnly_cannotMintListOrRevokeKeys() throws Exception {
    TestTenant tenant = createTenant("Scope Co");
    String issueOnly = mint(tenant.apiKey(), null).get("apiKey").stringValue();
    expect(send("POST", KEYS, "{}", API_KEY, issueOnly), 403, "FORBIDDEN");
    expect(send("GET", KEYS, null, API_KEY, issueOnly), 403, "FORBIDDEN");
    String firstId = tenant.apiKey().substring(5, 5 + 16);
    expect(send("DELETE", KEYS + "/" + firstId, null, API_KEY, issueOnly), 403, "FORBIDDEN");
    // it can still do its job
    expect(send("GET", "/api/v1/connections", null, API_KEY, issueOnly), 200, null);
  }

  @Test
  void keyWithAdminKeysScopeOnly_cannotIssue() throws Exception {
    TestTenant tenant = createTenant("Admin Scope Co");
    String adminOnly =
        mint(tenant.apiKey(), "{\"scopes\":[\"admin-keys\"]}").get("apiKey").stringValue();
    expect(send("GET", "/api/v1/connections", null, API_KEY, adminOnly), 403, "FORBIDDEN");
    expect(send("GET", KEYS, null, API_KEY, adminOnly), 200, null);
  }

  @Test
  void activeKeys_areLimitedPerTenant_revokingFreesASlot() throws Exception {
    TestTenant tenant = createTenant("Limit Co");
    List<JsonNode> minted = new ArrayList<>();
    for (int i = 1; i < 10; i++) {
      minted.add(mint(tenant.apiKey(), null));
    }
    expect(send("POST", KEYS, null, API_KEY, tenant.apiKey()), 409, "CONFLICT");

    expect(
        send(
            "DELETE",
            KEYS + "/" + minted.get(0).get("key").get("id").stringValue(),
            null,
            API_KEY,
            tenant.apiKey()),
        204,
        null);
    mint(tenant.apiKey(), null);
  }

  @Test
  void unknownScopeOrKeyOfAnotherTenant_areRefused() throws Exception {
    TestTenant tenant = createTenant("Refusal Co");
    TestTenant other = createTenant("Other Co");
    expect(
        send("POST", KEYS, "{\"scopes\":[\"root\"]}", API_KEY, tenant.apiKey()),
        400,
        "INVALID_REQUEST");
    String otherKeyId =
        expect(send("GET", KEYS, null, API_KEY, other.apiKey()), 200, null)
            .get(0)
            .get("id")
            .stringValue();
    expect(
        send("DELETE", KEYS + "/" + otherKeyId, null, API_KEY, tenant.apiKey()), 404, "NOT_FOUND");
    expect(send("GET", "/api/v1/tenant", null, API_KEY, other.apiKey()), 200, null);
  }

  @Test
  void operator_revokesAllKeysOfATenant_andIssuesAFreshOne() throws Exception {
    TestTenant tenant = createTenant("Leaked Co");
    String second = mint(tenant.apiKey(), null).get("apiKey").stringValue();
    String path = "/api/v1/admin/tenants/" + tenant.id() + "/api-keys";
    expect(send("POST", path + "/revocation", null, API_KEY, tenant.apiKey()), 403, "FORBIDDEN");

    JsonNode revoked =
        expect(send("POST", path + "/revocation", null, API_KEY, BOOTSTRAP_KEY), 200, null);
    assertThat(revoked.get("revoked").intValue()).isEqualTo(2);
    expect(send("GET", "/api/v1/tenant", null, API_KEY, tenant.apiKey()), 401, "UNAUTHENTICATED");
    expect(send("GET", "/api/v1/tenant", null, API_KEY, second), 401, "UNAUTHENTICATED");

    String fresh =
        expect(send("POST", path, null, API_KEY, BOOTSTRAP_KEY), 201, null)
            .get("apiKey")
            .stringValue();
    expect(send("GET", KEYS, null, API_KEY, fresh), 200, null);
    expect(
        send(
            "POST",
            "/api/v1/admin/tenants/" + java.util.UUID.randomUUID() + "/api-keys/revocation",
            null,
            API_KEY,
            BOOTSTRAP_KEY),
        404,
        "NOT_FOUND");
  }

  private static JsonNode byId(JsonNode list, String id) {
    for (JsonNode key : list) {
      if (key.get("id").stringValue().equals(id)) {
        return key;
      }
    }
    throw new AssertionError("no key " + id + " in " + list);
  }

  private JsonNode mint(String apiKey, String body) throws Exception {
    return expect(send("POST", KEYS, body, API_KEY, apiKey), 201, null);
  }
}
