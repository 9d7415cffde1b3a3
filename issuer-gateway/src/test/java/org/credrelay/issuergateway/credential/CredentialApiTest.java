package org.credrelay.issuergateway.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** Issuing: validation and error mapping, idempotency, batches, and delivery to the pinned key. */
class CredentialApiTest extends GatewayIntegrationTest {

  @Test
  void invalidRequests_are400Problems_andStoreNothing() throws Exception {
    TestTenant tenant = createTenant("Validation Co");
    TestInvitation invitation = createInvitation(tenant);
    UUID id = invitation.id();
    Map<String, String> bodies =
        Map.ofEntries(
            Map.entry("malformed JSON", "{\"connectionId\":"),
            Map.entry("credential not an object", issueBody(id, "[1,2]")),
            Map.entry("no type", issueBody(id, "{\"credentialSubject\":{}}")),
            Map.entry(
                "type not an array",
                issueBody(id, "{\"type\":\"VerifiableCredential\",\"credentialSubject\":{}}")),
            Map.entry(
                "type without VC",
                issueBody(id, "{\"type\":[\"Diploma\"],\"credentialSubject\":{}}")),
            Map.entry("no subject", issueBody(id, "{\"type\":[\"VerifiableCredential\"]}")),
            Map.entry(
                "subject a string",
                issueBody(id, "{\"type\":[\"VerifiableCredential\"],\"credentialSubject\":\"x\"}")),
            Map.entry(
                "duplicate member",
                issueBody(
                    id,
                    "{\"type\":[\"VerifiableCredential\"],\"type\":[\"X\"],\"credentialSubject\":{}}")),
            Map.entry(
                "too large",
                issueBody(
                    id,
                    "{\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{\"blob\":\""
                        + "a".repeat(70_000)
                        + "\"}}")),
            Map.entry("no connection", "{\"credential\":" + credential("A") + "}"),
            Map.entry("no credential", "{\"connectionId\":\"" + id + "\"}"),
            Map.entry(
                "bad connection id",
                "{\"connectionId\":\"nope\",\"credential\":" + credential("A") + "}"));
    for (var entry : bodies.entrySet()) {
      MvcResult result = issue(tenant, "bad-" + UUID.randomUUID(), entry.getValue());
      assertThat(result.getResponse().getStatus()).as(entry.getKey()).isEqualTo(400);
      assertThat(result.getResponse().getContentType())
          .as(entry.getKey())
          .isEqualTo("application/problem+json");
      assertThat(result.getResponse().getContentAsString()).doesNotContain("Exception", "at org.");
    }
    MvcResult noKey =
        mvc.perform(
                post("/api/v1/credentials")
                    .header(API_KEY, tenant.apiKey())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(issueBody(id, credential("A"))))
            .andReturn();
    assertThat(noKey.getResponse().getStatus()).isEqualTo(400);
    assertThat(
            issue(tenant, "k".repeat(256), issueBody(id, credential("A")))
                .getResponse()
                .getStatus())
        .isEqualTo(400);
    assertThat(deliveryCount(tenant)).isZero();
  }

  @Test
  void oversizedBody_isRefusedWith413() throws Exception {
    TestTenant tenant = createTenant("Huge Co");
    byte[] body =
        ("{\"connectionId\":\""
                + UUID.randomUUID()
                + "\",\"credential\":{\"x\":\""
                + "a".repeat(9 * 1024 * 1024)
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    MvcResult result =
        mvc.perform(
                post("/api/v1/credentials")
                    .header(API_KEY, tenant.apiKey())
                    .header("Idempotency-Key", "huge")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(body))
            .andReturn();
    assertThat(call(result, 413).get("code").stringValue()).isEqualTo("REQUEST_TOO_LARGE");
  }

  @Test
  void sameIdempotencyKey_sameBody_returnsTheSameDelivery_otherBody_is422() throws Exception {
    TestTenant tenant = createTenant("Idempotent Co");
    TestInvitation invitation = createInvitation(tenant);
    String body = issueBody(invitation.id(), credential("Ada"));

    JsonNode first = call(issue(tenant, "retry-me", body), 202);
    JsonNode again = call(issue(tenant, "retry-me", body), 200);
    assertThat(again.get("deliveryId")).isEqualTo(first.get("deliveryId"));
    assertThat(again.get("credentialId")).isEqualTo(first.get("credentialId"));
    assertThat(first.get("status").stringValue()).isEqualTo("WAITING_FOR_HANDSHAKE");

    JsonNode conflict =
        call(issue(tenant, "retry-me", issueBody(invitation.id(), credential("Bob"))), 422);
    assertThat(conflict.get("code").stringValue()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(deliveryCount(tenant)).isEqualTo(1);
  }

  @Test
  void concurrentRetries_withOneIdempotencyKey_createOneDelivery() throws Exception {
    TestTenant tenant = createTenant("Racing Co");
    TestInvitation invitation = createInvitation(tenant);
    String body = issueBody(invitation.id(), credential("Racer"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<MvcResult>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                return issue(tenant, "race", body);
              }));
    }
    start.countDown();
    List<Integer> statuses = new ArrayList<>();
    Map<String, Boolean> ids = new ConcurrentHashMap<>();
    for (Future<MvcResult> future : results) {
      MvcResult result = future.get(60, TimeUnit.SECONDS);
      statuses.add(result.getResponse().getStatus());
      ids.put(
          json.readTree(result.getResponse().getContentAsString()).get("deliveryId").stringValue(),
          true);
    }
    pool.shutdown();
    assertThat(statuses).containsOnly(200, 202).containsOnlyOnce(202);
    assertThat(ids).hasSize(1);
    assertThat(deliveryCount(tenant)).isEqualTo(1);
  }

  @Test
  void batch_isAcceptedAtomically_andIdempotent() throws Exception {
    TestTenant tenant = createTenant("Batch Co");
    TestInvitation invitation = createInvitation(tenant);
    String items =
        "{\"items\":["
            + issueBody(invitation.id(), credential("A"))
            + ","
            + issueBody(invitation.id(), credential("B"))
            + ","
            + issueBody(invitation.id(), credential("C"))
            + "]}";
    JsonNode accepted = call(batch(tenant, "batch-1", items), 202);
    assertThat(accepted.get("items")).hasSize(3);
    JsonNode replay = call(batch(tenant, "batch-1", items), 200);
    assertThat(replay.get("items")).isEqualTo(accepted.get("items"));

    String invalid =
        "{\"items\":["
            + issueBody(invitation.id(), credential("D"))
            + ","
            + issueBody(invitation.id(), "{\"type\":[]}")
            + "]}";
    JsonNode problem = call(batch(tenant, "batch-2", invalid), 400);
    assertThat(problem.get("detail").stringValue()).contains("items[1].credential");
    String unknown =
        "{\"items\":["
            + issueBody(invitation.id(), credential("E"))
            + ","
            + issueBody(UUID.randomUUID(), credential("F"))
            + "]}";
    assertThat(call(batch(tenant, "batch-3", unknown), 404).get("detail").stringValue())
        .contains("items[1]");
    call(batch(tenant, "batch-4", "{\"items\":[]}"), 400);
    assertThat(deliveryCount(tenant)).isEqualTo(3);
  }

  @Test
  void credential_isDeliveredAuthcryptedToThePinnedKey_andErasedOnceSent() throws Exception {
    TestTenant tenant = createTenant("Delivering Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = connectionOf(tenant, holder);
    String document = credential("Ada Lovelace");

    JsonNode accepted = call(issue(tenant, "deliver-1", issueBody(connectionId, document)), 202);
    assertThat(accepted.get("status").stringValue()).isEqualTo("ACCEPTED");
    drainOutbox();

    JsonNode delivery =
        getJson("/api/v1/deliveries/" + accepted.get("deliveryId").stringValue(), tenant.apiKey());
    assertThat(delivery.get("status").stringValue()).isEqualTo("SENT");
    assertThat(delivery.get("recipientKeyId").stringValue())
        .isEqualTo(holder.communicationKey().kid());
    assertThat(delivery.get("contentErased").booleanValue()).isTrue();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM deliveries WHERE id = ? AND payload_ciphertext IS NULL"
                        + " AND message IS NULL")
                .param(UUID.fromString(accepted.get("deliveryId").stringValue()))
                .query(Long.class)
                .single())
        .isEqualTo(1);

    List<CredentialMessage> received = holder.credentials();
    assertThat(received).hasSize(1);
    CredentialMessage credential = received.get(0);
    assertThat(credential.getCredentialId()).isEqualTo(accepted.get("credentialId").stringValue());
    assertThat(credential.getMediaType()).isEqualTo("application/vc+json");
    assertThat(json.readTree(credential.getDocument().toStringUtf8()))
        .isEqualTo(json.readTree(document));

    var stored =
        connector.toHolder(holder.connectionId()).stream()
            .filter(s -> s.clientMessageId().equals(accepted.get("deliveryId").stringValue()))
            .toList();
    assertThat(stored).hasSize(1);
    AtalaMessage outer = AtalaMessage.parseFrom(stored.get(0).message());
    assertThat(outer.getMessageCase()).isEqualTo(AtalaMessage.MessageCase.ENCRYPTED_MESSAGE);
    assertThat(outer.getEncryptedMessage().getKeyId()).isEqualTo(holder.communicationKey().kid());
    assertThat(new String(stored.get(0).message(), StandardCharsets.ISO_8859_1))
        .doesNotContain("Ada Lovelace", "credentialSubject");
  }

  @Test
  void credential_beforeTheHandshake_waits_andGoesOutOnceVerified() throws Exception {
    TestTenant tenant = createTenant("Patient Co");
    TestInvitation invitation = createInvitation(tenant);
    JsonNode accepted =
        call(issue(tenant, "early", issueBody(invitation.id(), credential("Early"))), 202);
    drainOutbox();
    assertThat(status(tenant, accepted)).isEqualTo("WAITING_FOR_HANDSHAKE");

    TestHolder holder = newHolder(invitation.uri()).accept();
    holder.sendHello();
    awaitState(invitation.id(), ConnectionState.VERIFIED);
    drainOutbox();

    assertThat(status(tenant, accepted)).isEqualTo("SENT");
    holder.verifyIssuerReply(registry.activeKeys(tenant.did()));
    assertThat(holder.credentials())
        .extracting(CredentialMessage::getCredentialId)
        .containsExactly(accepted.get("credentialId").stringValue());
  }

  @Test
  void revokedConnection_failsPendingDeliveries_andRefusesNewOnes() throws Exception {
    TestTenant tenant = createTenant("Revoking Co");
    TestInvitation invitation = createInvitation(tenant);
    JsonNode pending =
        call(issue(tenant, "pending", issueBody(invitation.id(), credential("P"))), 202);
    call(
        mvc.perform(
                post("/api/v1/connections/" + invitation.id() + "/revocation")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn(),
        200);
    drainOutbox();

    JsonNode delivery =
        getJson("/api/v1/deliveries/" + pending.get("deliveryId").stringValue(), tenant.apiKey());
    assertThat(delivery.get("status").stringValue()).isEqualTo("FAILED");
    assertThat(delivery.get("reason").stringValue()).contains("REVOKED");
    assertThat(delivery.get("contentErased").booleanValue()).isTrue();
    assertThat(
            call(issue(tenant, "after", issueBody(invitation.id(), credential("Q"))), 409)
                .get("code")
                .stringValue())
        .isEqualTo("CONFLICT");
    // A retry of the request accepted before the revocation still answers its delivery.
    JsonNode retry =
        call(issue(tenant, "pending", issueBody(invitation.id(), credential("P"))), 200);
    assertThat(retry.get("deliveryId")).isEqualTo(pending.get("deliveryId"));
    assertThat(retry.get("status").stringValue()).isEqualTo("FAILED");
  }

  @Test
  void deliveries_areListedWithKeysetPagination() throws Exception {
    TestTenant tenant = createTenant("Listing Co");
    TestInvitation invitation = createInvitation(tenant);
    List<String> issued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      issued.add(
          call(issue(tenant, "list-" + i, issueBody(invitation.id(), credential("N" + i))), 202)
              .get("deliveryId")
              .stringValue());
    }
    List<String> listed = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          getJson(
              "/api/v1/deliveries?limit=2" + (cursor == null ? "" : "&after=" + cursor),
              tenant.apiKey());
      page.get("items").forEach(item -> listed.add(item.get("deliveryId").stringValue()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").stringValue();
      pages++;
    } while (cursor != null);
    assertThat(listed).containsExactlyInAnyOrderElementsOf(issued).hasSize(5);
    assertThat(pages).isEqualTo(3);
    assertThat(
            getJson(
                    "/api/v1/deliveries?status=SENT&connectionId=" + invitation.id(),
                    tenant.apiKey())
                .get("items"))
        .isEmpty();
    call(
        mvc.perform(
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                        "/api/v1/deliveries?after=garbage")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn(),
        400);
    call(
        mvc.perform(
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                        "/api/v1/deliveries?status=LOST")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn(),
        400);
  }

  private UUID connectionOf(TestTenant tenant, TestHolder holder) {
    return connections.findByConnectorId(tenant.id(), holder.connectionId()).orElseThrow().id();
  }

  private String status(TestTenant tenant, JsonNode accepted) throws Exception {
    return getJson(
            "/api/v1/deliveries/" + accepted.get("deliveryId").stringValue(), tenant.apiKey())
        .get("status")
        .stringValue();
  }

  private long deliveryCount(TestTenant tenant) {
    return jdbc.sql("SELECT count(*) FROM deliveries WHERE tenant_id = ?")
        .param(tenant.id())
        .query(Long.class)
        .single();
  }

  private MvcResult issue(TestTenant tenant, String key, String body) throws Exception {
    return mvc.perform(
            post("/api/v1/credentials")
                .header(API_KEY, tenant.apiKey())
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andReturn();
  }

  private MvcResult batch(TestTenant tenant, String key, String body) throws Exception {
    return mvc.perform(
            post("/api/v1/credentials/batch")
                .header(API_KEY, tenant.apiKey())
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andReturn();
  }
}
