package org.credrelay.issuergateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.store.ConnectionStore;
import org.credrelay.issuergateway.delivery.service.DeliveryPipeline;
import org.credrelay.issuergateway.stream.service.MessageStreamSupervisor;
import org.credrelay.testsupport.MutableClock;
import org.credrelay.testsupport.PostgresContextInitializer;
import org.credrelay.testsupport.connector.FakeConnector;
import org.credrelay.testsupport.connector.RelayedMessage;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the gateway's integration tests: the whole application against a real PostgreSQL (one
 * database per Spring context, shared by every subclass), the in-memory connector and registry over
 * in-process gRPC, MockMvc for the REST API. Tests create their own tenants, so they never depend
 * on each other's rows.
 */
@SpringBootTest(
    properties = {
      // The MockMvc suite documents the API (off by default outside the local profile).
      "springdoc.api-docs.enabled=true",
      "springdoc.swagger-ui.enabled=true"
    })
@AutoConfigureMockMvc
@ActiveProfiles("test")
@ContextConfiguration(initializers = PostgresContextInitializer.class)
@Import(GatewayTestConfiguration.class)
public abstract class GatewayIntegrationTest {

  protected static final String BOOTSTRAP_KEY = "test-bootstrap-key-0123456789abcdefghij";
  protected static final String API_KEY = "X-Api-Key";
  protected static final Duration WAIT = Duration.ofSeconds(10);

  @Autowired protected MockMvc mvc;
  @Autowired protected JsonMapper json;
  @Autowired protected MutableClock clock;
  @Autowired protected FakeConnector connector;
  @Autowired protected InMemoryKeyRegistry registry;
  @Autowired protected DeliveryPipeline pipeline;
  @Autowired protected ConnectionStore connections;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected MessageStreamSupervisor streams;

  /** A tenant as a test sees it. */
  public record TestTenant(UUID id, String did, String apiKey) {}

  /** An invitation as a test sees it. */
  public record TestInvitation(UUID id, String uri) {}

  @AfterEach
  void restoreUpstreams() {
    connector.recover();
    registry.recover();
  }

  protected TestTenant createTenant(String name) throws Exception {
    return createTenant(name, null);
  }

  protected TestTenant createTenant(String name, String oauthIssuer) throws Exception {
    String body =
        json.writeValueAsString(
            oauthIssuer == null
                ? java.util.Map.of("name", name)
                : java.util.Map.of("name", name, "oauthIssuer", oauthIssuer));
    JsonNode created =
        call(
            mvc.perform(
                    post("/api/v1/admin/tenants")
                        .header(API_KEY, BOOTSTRAP_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andReturn(),
            201);
    TestTenant tenant =
        new TestTenant(
            UUID.fromString(created.get("tenant").get("id").stringValue()),
            created.get("tenant").get("did").stringValue(),
            created.get("apiKey").stringValue());
    await()
        .atMost(WAIT)
        .until(
            () ->
                streams.followed().contains(tenant.id())
                    && connector.openStreams(tenant.did()) > 0);
    return tenant;
  }

  protected TestInvitation createInvitation(TestTenant tenant) throws Exception {
    JsonNode created =
        call(
            mvc.perform(
                    post("/api/v1/invitations")
                        .header(API_KEY, tenant.apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andReturn(),
            201);
    return new TestInvitation(
        UUID.fromString(created.get("id").stringValue()), created.get("uri").stringValue());
  }

  /** Runs the real handshake with a fresh holder; returns it once the connection is VERIFIED. */
  protected TestHolder verifiedHolder(TestTenant tenant) throws Exception {
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri()).accept();
    holder.sendHello();
    awaitState(invitation.id(), ConnectionState.VERIFIED);
    drainOutbox();
    holder.verifyIssuerReply(registry.activeKeys(tenant.did()));
    return holder;
  }

  /** A holder that scanned {@code invitationUri} and talks to the test doubles. */
  protected TestHolder newHolder(String invitationUri) throws Exception {
    return new TestHolder(invitationUri, clock, connector, registry);
  }

  /** A holder whose communication key is on {@code curve}. */
  protected TestHolder newHolder(String invitationUri, KeyCurve curve) throws Exception {
    return new TestHolder(invitationUri, clock, connector, registry, curve);
  }

  /** The gateway's id of the holder's connection. */
  protected UUID gatewayConnectionId(TestTenant tenant, TestHolder holder) {
    return connections.findByConnectorId(tenant.id(), holder.connectionId()).orElseThrow().id();
  }

  /** Issues one credential (202) on the gateway connection; returns its delivery id. */
  protected String issueCredential(TestTenant tenant, UUID connectionId, String holderName)
      throws Exception {
    return issue(tenant, issueBody(connectionId, credential(holderName)));
  }

  /** {@link #issueCredential} with a delivery deadline of its own ({@code deadlineSeconds}). */
  protected String issueCredential(
      TestTenant tenant, UUID connectionId, String holderName, long deadlineSeconds)
      throws Exception {
    return issue(tenant, issueBody(connectionId, credential(holderName), deadlineSeconds));
  }

  private String issue(TestTenant tenant, String body) throws Exception {
    return call(
            mvc.perform(
                    post("/api/v1/credentials")
                        .header(API_KEY, tenant.apiKey())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andReturn(),
            202)
        .get("deliveryId")
        .stringValue();
  }

  /** The delivery as the REST API reports it. */
  protected JsonNode deliveryStatus(TestTenant tenant, String deliveryId) throws Exception {
    return getJson("/api/v1/deliveries/" + deliveryId, tenant.apiKey());
  }

  /** What the connector stored for the holder under the delivery's client message id. */
  protected java.util.List<RelayedMessage> storedFor(TestHolder holder, String deliveryId) {
    return connector.toHolder(holder.connectionId()).stream()
        .filter(stored -> deliveryId.equals(stored.clientMessageId()))
        .toList();
  }

  protected Connection awaitState(UUID connectionId, ConnectionState state) {
    await().atMost(WAIT).until(() -> connections.get(connectionId).orElseThrow().state() == state);
    return connections.get(connectionId).orElseThrow();
  }

  /** Runs the delivery pipeline until nothing is due now. */
  protected void drainOutbox() {
    while (pipeline.runOnce() > 0) {
      // keep going
    }
  }

  protected JsonNode getJson(String path, String apiKey) throws Exception {
    return call(mvc.perform(get(path).header(API_KEY, apiKey)).andReturn(), 200);
  }

  protected JsonNode call(MvcResult result, int expectedStatus) throws Exception {
    assertThat(result.getResponse().getStatus())
        .as(
            "status of %s: %s",
            result.getRequest().getRequestURI(), result.getResponse().getContentAsString())
        .isEqualTo(expectedStatus);
    String content = result.getResponse().getContentAsString();
    return content.isEmpty() ? null : json.readTree(content);
  }

  protected static String credential(String name) {
    return "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
        + "\"type\":[\"VerifiableCredential\",\"DiplomaCredential\"],"
        + "\"credentialSubject\":{\"name\":\""
        + name
        + "\",\"degree\":\"MSc\"}}";
  }

  protected static String issueBody(UUID connectionId, String credential) {
    return "{\"connectionId\":\"" + connectionId + "\",\"credential\":" + credential + "}";
  }

  protected static String issueBody(UUID connectionId, String credential, long deadlineSeconds) {
    return issueBody(connectionId, credential)
        .replaceFirst("}$", ",\"deliveryDeadlineSeconds\":" + deadlineSeconds + "}");
  }
}
