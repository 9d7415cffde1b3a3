package org.credrelay.issuergateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.tenant.service.TenantRegistrationJob;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.proto.common.v1.KeyStatus;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.keyregistry.v1.RegisteredKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class TenantApiTest extends GatewayIntegrationTest {

  @Autowired TenantRegistrationJob registrationJob;

  @Test
  void createTenant_withBootstrapKey_registersDidKeyUpstreamAndReturnsApiKeyOnce()
      throws Exception {
    JsonNode created =
        call(
            mvc.perform(
                    post("/api/v1/admin/tenants")
                        .header(API_KEY, BOOTSTRAP_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"ACME University\"}"))
                .andReturn(),
            201);

    JsonNode tenant = created.get("tenant");
    String did = tenant.get("did").stringValue();
    assertThat(did).startsWith("did:key:z6Mk");
    assertThat(tenant.get("didDerived").booleanValue()).isTrue();
    assertThat(created.get("apiKey").stringValue()).startsWith("crgw_");
    assertThat(tenant.get("registration").get("state").stringValue()).isEqualTo("REGISTERED");
    assertThat(registry.registered(did)).isTrue();
    assertThat(connector.participant(did)).isTrue();
    assertThat(created.toString()).doesNotContain("\"d\"");

    JsonNode self = getJson("/api/v1/tenant", created.get("apiKey").stringValue());
    assertThat(self.get("id").stringValue()).isEqualTo(tenant.get("id").stringValue());
    assertThat(self.has("apiKey")).isFalse();
    assertThat(self.toString()).doesNotContain("\"d\"");
    // Authentication, and communication on X25519 and on P-256 (PROTOCOL.md 4.6).
    assertThat(self.get("keys")).hasSize(3);
    String authKid = kid(self, "AUTHENTICATION", "ACTIVE");
    assertThat(registry.keys(did)).extracting(RegisteredKey::getKeyId).contains(authKid);
  }

  @Test
  void createTenant_withGivenDid_usesIt() throws Exception {
    String did = "did:web:issuer-" + UUID.randomUUID() + ".example";
    JsonNode created =
        call(
            mvc.perform(
                    post("/api/v1/admin/tenants")
                        .header(API_KEY, BOOTSTRAP_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Web Issuer\",\"did\":\"" + did + "\"}"))
                .andReturn(),
            201);
    assertThat(created.get("tenant").get("did").stringValue()).isEqualTo(did);
    assertThat(created.get("tenant").get("didDerived").booleanValue()).isFalse();

    call(
        mvc.perform(
                post("/api/v1/admin/tenants")
                    .header(API_KEY, BOOTSTRAP_KEY)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"name\":\"Again\",\"did\":\"" + did + "\"}"))
            .andReturn(),
        409);
  }

  @Test
  void createTenant_withInvalidBody_isRejectedAsProblem() throws Exception {
    for (String body :
        List.of(
            "{}",
            "{\"name\":\"\"}",
            "{\"name\":\"x\",\"did\":\"not-a-did\"}",
            "{\"name\":\"" + "n".repeat(65) + "\"}",
            "{\"name\":",
            "[1,2]")) {
      var result =
          mvc.perform(
                  post("/api/v1/admin/tenants")
                      .header(API_KEY, BOOTSTRAP_KEY)
                      .contentType(MediaType.APPLICATION_JSON)
                      .content(body))
              .andReturn();
      JsonNode problem = call(result, 400);
      assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
      assertThat(problem.get("code").stringValue()).isEqualTo("INVALID_REQUEST");
      assertThat(problem.get("type").stringValue())
          .isEqualTo("urn:credrelay:problem:invalid-request");
      assertThat(result.getResponse().getContentAsString()).doesNotContain("Exception", "at org.");
    }
  }

  @Test
  void adminEndpoint_withTenantKey_isForbidden_andTenantEndpoint_withBootstrapKey_too()
      throws Exception {
    TestTenant tenant = createTenant("Forbidden Co");
    call(
        mvc.perform(
                post("/api/v1/admin/tenants")
                    .header(API_KEY, tenant.apiKey())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"name\":\"x\"}"))
            .andReturn(),
        403);
    call(mvc.perform(get("/api/v1/tenant").header(API_KEY, BOOTSTRAP_KEY)).andReturn(), 403);
  }

  @Test
  void registration_whenRegistryIsDown_isRecorded_andRetriedOnRequest() throws Exception {
    registry.failWith(Status.UNAVAILABLE);
    JsonNode created =
        call(
            mvc.perform(
                    post("/api/v1/admin/tenants")
                        .header(API_KEY, BOOTSTRAP_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Late Registrar\"}"))
                .andReturn(),
            201);
    JsonNode registration = created.get("tenant").get("registration");
    assertThat(registration.get("state").stringValue()).isEqualTo("PENDING");
    assertThat(registration.get("lastError").stringValue()).startsWith("UNAVAILABLE");
    String apiKey = created.get("apiKey").stringValue();
    String did = created.get("tenant").get("did").stringValue();

    call(
        mvc.perform(
                post("/api/v1/invitations")
                    .header(API_KEY, apiKey)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{}"))
            .andReturn(),
        409);
    call(mvc.perform(post("/api/v1/tenant/registration").header(API_KEY, apiKey)).andReturn(), 503);

    registry.recover();
    JsonNode retried =
        call(
            mvc.perform(post("/api/v1/tenant/registration").header(API_KEY, apiKey)).andReturn(),
            200);
    assertThat(retried.get("registration").get("state").stringValue()).isEqualTo("REGISTERED");
    assertThat(retried.get("registration").get("lastError").isNull()).isTrue();
    assertThat(registry.registered(did)).isTrue();
    assertThat(connector.participant(did)).isTrue();
  }

  /**
   * Issue 13 (no stuck state): a tenant created while the connector is unavailable, for example by
   * a gateway that started before it, is registered by the retry job once the connector is back,
   * without anyone calling POST /tenant/registration; its invitations then work.
   */
  @Test
  void registration_whenConnectorWasDown_isFinishedByTheRetryJob_onceItIsBack() throws Exception {
    connector.failWith(Status.UNAVAILABLE);
    JsonNode created =
        call(
            mvc.perform(
                    post("/api/v1/admin/tenants")
                        .header(API_KEY, BOOTSTRAP_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Early Gateway\"}"))
                .andReturn(),
            201);
    assertThat(created.get("tenant").get("registration").get("state").stringValue())
        .isEqualTo("PENDING");
    String apiKey = created.get("apiKey").stringValue();
    String did = created.get("tenant").get("did").stringValue();
    registrationJob.retryOnce(); // still down: nothing changes, nothing is thrown
    assertThat(connector.participant(did)).isFalse();

    connector.recover();
    registrationJob.retryOnce();

    assertThat(getJson("/api/v1/tenant", apiKey).get("registration").get("state").stringValue())
        .isEqualTo("REGISTERED");
    assertThat(connector.participant(did)).isTrue();
    call(
        mvc.perform(
                post("/api/v1/invitations")
                    .header(API_KEY, apiKey)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{}"))
            .andReturn(),
        201);
  }

  @Test
  void rotateCommunicationKey_registersNewKey_andKeepsOldOneRetired() throws Exception {
    TestTenant tenant = createTenant("Rotating Co");
    JsonNode before = getJson("/api/v1/tenant", tenant.apiKey());
    String oldKid = kid(before, "COMMUNICATION", "ACTIVE");

    JsonNode after =
        call(
            mvc.perform(
                    post("/api/v1/tenant/keys/communication/rotation")
                        .header(API_KEY, tenant.apiKey()))
                .andReturn(),
            200);

    String newKid = kid(after, "COMMUNICATION", "ACTIVE");
    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(kid(after, "COMMUNICATION", "RETIRED")).isEqualTo(oldKid);
    assertThat(registry.keys(tenant.did()))
        .filteredOn(
            k ->
                k.getUsage() == KeyUsage.KEY_USAGE_COMMUNICATION
                    && k.getPublicKey().getJwk().contains("\"X25519\""))
        .extracting(RegisteredKey::getKeyId, RegisteredKey::getStatus)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(oldKid, KeyStatus.KEY_STATUS_REVOKED),
            org.assertj.core.groups.Tuple.tuple(newKid, KeyStatus.KEY_STATUS_ACTIVE));
  }

  @Test
  void privateKeys_areStoredOnlyEncrypted() throws Exception {
    TestTenant tenant = createTenant("Vault Co");
    List<byte[]> ciphertexts =
        jdbc.sql("SELECT private_jwk_ciphertext FROM tenant_keys WHERE tenant_id = ?")
            .param(tenant.id())
            .query(byte[].class)
            .list();
    assertThat(ciphertexts).hasSize(3);
    for (byte[] ciphertext : ciphertexts) {
      String text = new String(ciphertext, StandardCharsets.ISO_8859_1);
      assertThat(text).doesNotContain("\"d\"", "OKP", "Ed25519", "X25519");
    }
    String publicJwks =
        String.join(
            ",",
            jdbc.sql("SELECT public_jwk FROM tenant_keys WHERE tenant_id = ?")
                .param(tenant.id())
                .query(String.class)
                .list());
    assertThat(publicJwks).doesNotContain("\"d\"");
  }

  @Test
  void additionalApiKey_works_andIsShownOnce() throws Exception {
    TestTenant tenant = createTenant("Two Keys Co");
    JsonNode second =
        call(
            mvc.perform(post("/api/v1/tenant/api-keys").header(API_KEY, tenant.apiKey()))
                .andReturn(),
            201);
    JsonNode self = getJson("/api/v1/tenant", second.get("apiKey").stringValue());
    assertThat(self.get("id").stringValue()).isEqualTo(tenant.id().toString());
  }

  /** The kid of the tenant's key of {@code usage} and {@code status} on the default curve. */
  private static String kid(JsonNode tenant, String usage, String status) {
    for (JsonNode key : tenant.get("keys")) {
      if (key.get("usage").stringValue().equals(usage)
          && key.get("status").stringValue().equals(status)
          && !key.get("publicJwk").get("crv").stringValue().equals("P-256")) {
        return key.get("kid").stringValue();
      }
    }
    throw new AssertionError("no " + status + " " + usage + " key in " + tenant);
  }
}
