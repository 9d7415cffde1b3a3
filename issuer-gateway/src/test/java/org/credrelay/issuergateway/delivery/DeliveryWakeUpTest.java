package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.GatewayTestConfiguration;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The worker runs as in production, but polls only once an hour (once at start-up): whatever goes
 * out within the test's wait went out because a commit woke the worker. A context of its own (and
 * so its own database and in-process upstreams); the other tests drive the worker by hand.
 */
@TestPropertySource(
    properties = {
      "gateway.delivery.enabled=true",
      "gateway.delivery.poll-interval=1h",
      GatewayTestConfiguration.SERVER_PROPERTY + "=issuer-gateway-wake-up-test"
    })
class DeliveryWakeUpTest extends GatewayIntegrationTest {

  @Test
  void handshakeReplyAndCredential_goOutRightAfterTheirCommits_withoutAPoll() throws Exception {
    TestTenant tenant = createTenant("Prompt Issuer");
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri()).accept();
    holder.sendHello();
    awaitState(invitation.id(), ConnectionState.VERIFIED);

    // The commit that verified the connection queued the reply and woke the worker.
    await().atMost(WAIT).until(() -> !holder.issuerReplies().isEmpty());
    holder.verifyIssuerReply(registry.activeKeys(tenant.did()));
    await().atMost(WAIT).until(() -> outboxEmpty(invitation));

    // The commit that accepted the credential woke the worker.
    String deliveryId = issueCredential(tenant, invitation.id(), "Woken");
    await()
        .atMost(WAIT)
        .until(() -> deliveryStatus(tenant, deliveryId).get("status").stringValue().equals("SENT"));

    assertThat(storedFor(holder, deliveryId)).hasSize(1);
    assertThat(holder.credentials())
        .extracting(CredentialMessage::getCredentialId)
        .containsExactly(deliveryStatus(tenant, deliveryId).get("credentialId").stringValue());
  }

  private boolean outboxEmpty(TestInvitation invitation) {
    return jdbc.sql("SELECT count(*) FROM deliveries WHERE connection_id = ? AND status <> 'SENT'")
            .param(invitation.id())
            .query(Long.class)
            .single()
        == 0;
  }
}
