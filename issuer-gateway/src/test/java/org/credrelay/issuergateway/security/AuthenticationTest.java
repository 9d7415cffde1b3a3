package org.credrelay.issuergateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.RequestBuilder;
import tools.jackson.databind.JsonNode;

class AuthenticationTest extends GatewayIntegrationTest {

  @Test
  void apiEndpoints_withoutCredentials_are401Problems() throws Exception {
    UUID id = UUID.randomUUID();
    List<RequestBuilder> requests =
        List.of(
            get("/api/v1/tenant"),
            get("/api/v1/invitations"),
            get("/api/v1/invitations/" + id),
            get("/api/v1/invitations/" + id + "/qr.png"),
            get("/api/v1/connections"),
            get("/api/v1/connections/" + id),
            get("/api/v1/deliveries"),
            get("/api/v1/deliveries/" + id),
            post("/api/v1/credentials").contentType(MediaType.APPLICATION_JSON).content("{}"),
            post("/api/v1/admin/tenants").contentType(MediaType.APPLICATION_JSON).content("{}"),
            post("/api/v1/tenant/registration"),
            get("/actuator/env"),
            get("/anything-else"),
            get("/error"));
    for (RequestBuilder request : requests) {
      var result = mvc.perform(request).andReturn();
      JsonNode problem = call(result, 401);
      assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
      assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).contains("Bearer");
      assertThat(problem.get("code").stringValue()).isEqualTo("UNAUTHENTICATED");
    }
  }

  @Test
  void healthAndApiDocs_answerWithoutCredentials() throws Exception {
    for (String path :
        List.of(
            "/actuator/health",
            "/actuator/health/liveness",
            "/actuator/health/readiness",
            "/v3/api-docs",
            "/swagger-ui/index.html")) {
      assertThat(mvc.perform(get(path)).andReturn().getResponse().getStatus())
          .as(path)
          .isEqualTo(200);
    }
  }

  @Test
  void actuatorOnTheApiPort_beyondHealth_needsTheBootstrapKey() throws Exception {
    for (String path : List.of("/actuator/info", "/actuator/prometheus")) {
      call(mvc.perform(get(path)).andReturn(), 401);
      assertThat(
              mvc.perform(get(path).header(API_KEY, BOOTSTRAP_KEY))
                  .andReturn()
                  .getResponse()
                  .getStatus())
          .as(path)
          .isEqualTo(200);
    }
  }

  @Test
  void unknownApiKey_is401() throws Exception {
    call(mvc.perform(get("/api/v1/tenant").header(API_KEY, "crgw_not-a-key")).andReturn(), 401);
    call(mvc.perform(get("/api/v1/tenant").header(API_KEY, "")).andReturn(), 401);
    call(mvc.perform(get("/api/v1/tenant").header(API_KEY, "x".repeat(5000))).andReturn(), 401);
  }

  @Test
  void oauth2BearerToken_withMappedIssuer_authenticatesAsThatTenant() throws Exception {
    String issuer = "https://login.test/realms/" + UUID.randomUUID();
    TestTenant tenant = createTenant("OAuth Co", issuer);
    Instant now = clock.instant();
    String token = TestJwts.token(issuer, now.minusSeconds(30), now.plus(Duration.ofMinutes(5)));

    JsonNode self =
        call(
            mvc.perform(get("/api/v1/tenant").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .andReturn(),
            200);
    assertThat(self.get("id").stringValue()).isEqualTo(tenant.id().toString());
    call(
        mvc.perform(
                post("/api/v1/admin/tenants")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"name\":\"x\"}"))
            .andReturn(),
        403);
  }

  @Test
  void oauth2BearerToken_unknownIssuer_untrustedKey_expiredOrGarbage_is401() throws Exception {
    String issuer = "https://login.test/realms/" + UUID.randomUUID();
    createTenant("OAuth Refusals Co", issuer);
    Instant now = clock.instant();
    List<String> tokens =
        List.of(
            TestJwts.token("https://login.test/realms/unknown", now, now.plusSeconds(300)),
            TestJwts.untrustedToken(issuer, now, now.plusSeconds(300)),
            TestJwts.token(issuer, now.minusSeconds(3600), now.minusSeconds(1800)),
            "not.a.jwt");
    for (String token : tokens) {
      var result =
          mvc.perform(get("/api/v1/tenant").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
              .andReturn();
      call(result, 401);
      assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
    }
  }
}
