package org.credrelay.issuergateway.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.handshake.HandshakePolicy;
import org.credrelay.e2ecrypto.handshake.InMemoryJtiStore;
import org.credrelay.e2ecrypto.handshake.IssuerHandshake;
import org.credrelay.e2ecrypto.handshake.VerifiedHolder;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.keys.SafetyNumber;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.ErrorMessage;
import org.credrelay.proto.messages.v1.HandshakeRefusalReason;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** The handshake outcomes (S3, S4), driven by the real e2e-crypto holder side. */
class HandshakeTest extends GatewayIntegrationTest {

  @Autowired MeterRegistry meters;

  @Test
  void goodHandshake_pinsHolderKeys_verifiesConnection_andHolderPinsIssuerKeys() throws Exception {
    TestTenant tenant = createTenant("Handshake Co");
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri()).accept();
    holder.sendHello();

    Connection connection = awaitState(invitation.id(), ConnectionState.VERIFIED);
    assertThat(connection.pinnedCommKid()).isEqualTo(holder.communicationKey().kid());
    assertThat(connection.holderKeyId()).isEqualTo(holder.authenticationKey().kid());

    drainOutbox();
    List<PublicKeyJwk> issuerKeys = registry.activeKeys(tenant.did());
    var pinnedIssuer = holder.verifyIssuerReply(issuerKeys);
    JsonNode self = getJson("/api/v1/tenant", tenant.apiKey());
    assertThat(self.toString())
        .contains(pinnedIssuer.communicationKey().kid(), pinnedIssuer.authenticationKey().kid());

    JsonNode view = getJson("/api/v1/connections/" + invitation.id(), tenant.apiKey());
    SafetyNumber expected =
        SafetyNumber.of(
            List.of(
                holder.communicationKey().publicKey(),
                holder.authenticationKey().publicKey(),
                pinnedIssuer.communicationKey(),
                pinnedIssuer.authenticationKey()));
    assertThat(view.get("state").stringValue()).isEqualTo("VERIFIED");
    assertThat(view.get("safetyNumber").stringValue())
        .isEqualTo(expected.grouped())
        .isEqualTo(pinnedIssuer.safetyNumber().grouped());
    JsonNode invitationView = getJson("/api/v1/invitations/" + invitation.id(), tenant.apiKey());
    assertThat(invitationView.get("status").stringValue()).isEqualTo("COMPLETED");
    assertThat(invitationView.get("uri").isNull()).isTrue();
  }

  @Test
  void wrongSecret_leavesConnectionUnverified_andOnlyARefusalWithBadMacIsSent() throws Exception {
    TestTenant tenant = createTenant("Wrong Secret Co");
    TestInvitation invitation = createInvitation(tenant);
    byte[] guessed = new byte[32];
    new SecureRandom().nextBytes(guessed);
    String forged =
        invitation
            .uri()
            .replaceFirst(
                "secret=[^&]+",
                "secret="
                    + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(guessed));
    TestHolder impostor = newHolder(forged).accept();
    impostor.sendHello();

    Connection connection = awaitFailure(invitation.id());
    assertThat(connection.state()).isEqualTo(ConnectionState.ACCEPTED);
    assertThat(connection.lastFailure()).contains("HANDSHAKE_FAILED", "BAD_MAC");
    assertThat(connection.pinnedCommJwk()).isNull();
    assertThat(issueAndDrain(tenant, invitation.id()).get("status").stringValue())
        .isEqualTo("WAITING_FOR_HANDSHAKE");
    drainOutbox();
    assertThat(impostor.refusals())
        .containsExactly(HandshakeRefusalReason.HANDSHAKE_REFUSAL_REASON_BAD_MAC);
    assertThat(connector.toHolder(impostor.connectionId())).hasSize(1);
  }

  @Test
  void reflectedIssuerJwt_isRefused_evenWithTheRightSecret() throws Exception {
    TestTenant tenant = createTenant("Reflection Co");
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri()).accept();
    KeyPairJwk attackerComm = Keys.generateCommunication();
    KeyPairJwk attackerAuth = Keys.generateAuthentication();
    String issuerDirectionJwt =
        new IssuerHandshake(
                clock, new SecureRandom(), new InMemoryJtiStore(clock), HandshakePolicy.defaults())
            .reply(
                holder.invitation(),
                new VerifiedHolder(
                    attackerComm.publicKey(), attackerAuth.publicKey(), "AAAAAAAAAAAAAAAAAAAAAA"),
                attackerComm.publicKey(),
                attackerAuth.publicKey())
            .jwt();

    holder.sendHandshake(issuerDirectionJwt, HandshakeStep.HANDSHAKE_STEP_HOLDER_HELLO);
    Connection first = awaitFailure(invitation.id());
    assertThat(first.lastFailure()).contains("REFLECTED");

    holder.sendHandshake(issuerDirectionJwt, HandshakeStep.HANDSHAKE_STEP_ISSUER_CONFIRM);
    await()
        .atMost(WAIT)
        .until(() -> connections.get(invitation.id()).orElseThrow().handshakeFailures() == 2);
    Connection second = connections.get(invitation.id()).orElseThrow();
    assertThat(second.state()).isEqualTo(ConnectionState.ACCEPTED);
    assertThat(second.lastFailure()).contains("REFLECTED");
  }

  @Test
  void substitutedHolderKey_atTheConnector_isKeyMismatch() throws Exception {
    TestTenant tenant = createTenant("MITM Co");
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri()).accept();
    connector.overrideCommunicationKeys(
        holder.connectionId(), List.of(Keys.generateCommunication().publicKey()));
    double before = mismatches("handshake");

    holder.sendHello();

    Connection connection = awaitState(invitation.id(), ConnectionState.KEY_MISMATCH);
    assertThat(connection.lastFailure()).startsWith("KEY_MISMATCH");
    assertThat(connection.pinnedCommJwk()).isNull();
    assertThat(mismatches("handshake")).isEqualTo(before + 1);
    drainOutbox();
    assertThat(holder.refusals())
        .containsExactly(HandshakeRefusalReason.HANDSHAKE_REFUSAL_REASON_KEY_MISMATCH);
    assertThat(holder.issuerReplies()).isEmpty();
    call(
        mvc.perform(
                post("/api/v1/credentials")
                    .header(API_KEY, tenant.apiKey())
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(issueBody(invitation.id(), credential("Eve"))))
            .andReturn(),
        409);
  }

  @Test
  void substitutedHolderKeyId_inConnectionInfo_isKeyMismatch() throws Exception {
    TestTenant tenant = createTenant("Key Id Swap Co");
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri()).accept();
    connector.substituteHolderKeyId(
        holder.connectionId(), Keys.generateAuthentication().publicKey().kid());
    holder.sendHello();
    assertThat(awaitState(invitation.id(), ConnectionState.KEY_MISMATCH).lastFailure())
        .contains("holder key id");
  }

  @Test
  void tokenThief_withoutTheSecret_acceptsButNeverGetsACredential() throws Exception {
    TestTenant tenant = createTenant("S4 Co");
    TestInvitation invitation = createInvitation(tenant);
    JsonNode issued = issueAndDrain(tenant, invitation.id());
    String stolenToken = newHolder(invitation.uri()).invitation().token();
    String connectionId =
        connector.accept(
            stolenToken,
            Keys.generateAuthentication().publicKey(),
            Keys.generateCommunication().publicKey());

    drainOutbox();
    JsonNode delivery =
        getJson("/api/v1/deliveries/" + issued.get("deliveryId").stringValue(), tenant.apiKey());
    assertThat(delivery.get("status").stringValue()).isEqualTo("WAITING_FOR_HANDSHAKE");
    assertThat(connector.toHolder(connectionId)).isEmpty();
  }

  @Test
  void stream_reconnectsAfterFailure_fromTheHead_afterAcknowledgingWhatItHandled()
      throws Exception {
    TestTenant tenant = createTenant("Reconnect Co");
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri()).accept();
    String noise =
        connector.fromHolder(
            holder.connectionId(),
            AtalaMessage.newBuilder()
                .setError(ErrorMessage.newBuilder().setCode("TEST_NOISE"))
                .build());
    await().atMost(WAIT).until(() -> connector.isAcknowledged(noise));
    int requestsBefore = streamRequests(tenant).size();

    connector.breakStreams(tenant.did());
    await()
        .atMost(WAIT)
        .until(
            () ->
                streamRequests(tenant).size() > requestsBefore
                    && connector.openStreams(tenant.did()) > 0);
    // Handled messages are acknowledged (deleted), so the stream reopens from the head.
    assertThat(streamRequests(tenant).get(streamRequests(tenant).size() - 1)).isEmpty();
    assertThat(cursor(tenant)).isNull();

    holder.sendHello();
    awaitState(invitation.id(), ConnectionState.VERIFIED);
  }

  @Test
  void stream_withACursorTheConnectorDoesNotKnow_restartsFromTheBeginning() throws Exception {
    TestTenant tenant = createTenant("Forgotten Cursor Co");
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri()).accept();
    holder.sendHello();
    awaitState(invitation.id(), ConnectionState.VERIFIED);
    // A cursor from before acknowledged delivery, or one the connector no longer knows.
    jdbc.sql(
            "INSERT INTO stream_cursors (tenant_id, last_seen_message_id, updated_at)"
                + " VALUES (?, 'unknown-to-the-connector', now()) ON CONFLICT (tenant_id)"
                + " DO UPDATE SET last_seen_message_id = excluded.last_seen_message_id")
        .param(tenant.id())
        .update();

    connector.breakStreams(tenant.did());
    await()
        .atMost(WAIT)
        .until(
            () -> {
              List<String> requests = streamRequests(tenant);
              return requests.contains("unknown-to-the-connector")
                  && requests.get(requests.size() - 1).isEmpty()
                  && connector.openStreams(tenant.did()) > 0;
            });
    await().atMost(WAIT).until(() -> cursor(tenant) == null);
    Connection connection = connections.get(invitation.id()).orElseThrow();
    assertThat(connection.state()).isEqualTo(ConnectionState.VERIFIED);
    assertThat(connection.handshakeFailures()).isZero();
  }

  @Test
  void connectorDownWhileHandlingHello_theHelloIsRetriedAfterReconnect() throws Exception {
    TestTenant tenant = createTenant("Flaky Connector Co");
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri()).accept();
    connector.failWith(Status.UNAVAILABLE);
    int requestsBefore = streamRequests(tenant).size();

    holder.sendHello();
    await().atMost(WAIT).until(() -> streamRequests(tenant).size() >= requestsBefore + 2);
    assertThat(connections.get(invitation.id()).orElseThrow().state())
        .isEqualTo(ConnectionState.INVITED);

    connector.recover();
    awaitState(invitation.id(), ConnectionState.VERIFIED);
    String hello = connector.sentByHolder(holder.connectionId()).get(0).id();
    await().atMost(WAIT).until(() -> connector.isAcknowledged(hello));
  }

  private Connection awaitFailure(UUID connectionId) {
    await()
        .atMost(WAIT)
        .until(() -> connections.get(connectionId).orElseThrow().handshakeFailures() > 0);
    return connections.get(connectionId).orElseThrow();
  }

  private JsonNode issueAndDrain(TestTenant tenant, UUID connectionId) throws Exception {
    JsonNode issued =
        call(
            mvc.perform(
                    post("/api/v1/credentials")
                        .header(API_KEY, tenant.apiKey())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(issueBody(connectionId, credential("Holder"))))
                .andReturn(),
            202);
    drainOutbox();
    return getJson("/api/v1/deliveries/" + issued.get("deliveryId").stringValue(), tenant.apiKey());
  }

  private double mismatches(String source) {
    Counter counter = meters.find("gateway.security.key_mismatch").tag("source", source).counter();
    return counter == null ? 0 : counter.count();
  }

  private String cursor(TestTenant tenant) {
    return jdbc.sql("SELECT last_seen_message_id FROM stream_cursors WHERE tenant_id = ?")
        .param(tenant.id())
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private List<String> streamRequests(TestTenant tenant) {
    List<String> lastSeen = new ArrayList<>();
    connector.streamRequests().stream()
        .filter(r -> r.did().equals(tenant.did()))
        .forEach(r -> lastSeen.add(r.lastSeenMessageId()));
    return lastSeen;
  }
}
