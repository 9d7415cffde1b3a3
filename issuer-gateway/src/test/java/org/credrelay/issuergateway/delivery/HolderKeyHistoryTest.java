package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.testsupport.connector.FakeConnector.SendCall;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * S8 at the gateway: before sealing to a pinned holder key the gateway verifies the connection's
 * key event log against the head it verified before. A log rolled back behind that head (events
 * deleted, head reset) or one that makes a revoked key ACTIVE again closes the connection as
 * KEY_HISTORY_INVALID: nothing is sealed to the key and the delivery fails with that reason, even
 * while the registry's current answer (GetActiveKeys) lists the key as ACTIVE.
 */
class HolderKeyHistoryTest extends GatewayIntegrationTest {

  @Autowired DeliveryProperties properties;

  @Test
  void verifiedHistory_pinsItsHead_andTheCredentialIsSent() throws Exception {
    TestTenant tenant = createTenant("History Keeping Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);

    String deliveryId = issueCredential(tenant, connectionId, "Fine");
    drainOutbox();

    assertThat(deliveryStatus(tenant, deliveryId).get("status").stringValue()).isEqualTo("SENT");
    assertThat(heads(connectionId)).isEqualTo(2);
  }

  @Test
  void anUnchangedHead_isNotWrittenAgain_aMovedOneIs() throws Exception {
    TestTenant tenant = createTenant("Quiet History Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    issueCredential(tenant, connectionId, "First");
    drainOutbox();
    Object firstWrite = headWrittenAt(connectionId);

    clock.advance(properties.holderKeyMaxAge().plus(Duration.ofMillis(1)));
    String again = issueCredential(tenant, connectionId, "Checked again");
    drainOutbox();
    assertThat(deliveryStatus(tenant, again).get("status").stringValue()).isEqualTo("SENT");
    assertThat(headWrittenAt(connectionId)).isEqualTo(firstWrite);

    // A REVOKED event moves the head: verified, written (and the credential refused).
    registry.revokeConnectionKey(holder.connectionId(), holder.communicationKey().kid());
    clock.advance(properties.holderKeyMaxAge().plus(Duration.ofMillis(1)));
    issueCredential(tenant, connectionId, "After the revocation");
    drainOutbox();
    assertThat(heads(connectionId)).isEqualTo(3);
    assertThat(headWrittenAt(connectionId)).isNotEqualTo(firstWrite);
  }

  @Test
  void rolledBackHolderHistory_isKeyHistoryInvalid_andNothingIsSealed() throws Exception {
    TestTenant tenant = createTenant("Rollback Victim Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    issueCredential(tenant, connectionId, "Before");
    drainOutbox();

    // The provider deletes the second event and resets the head.
    registry.connectionLogs().rewrite(holder.connectionId(), events -> events.subList(0, 1));
    clock.advance(properties.holderKeyMaxAge().plus(Duration.ofMillis(1)));
    String deliveryId = issueCredential(tenant, connectionId, "After");
    drainOutbox();

    assertRefused(tenant, connectionId, deliveryId, "DOES_NOT_EXTEND_PINNED_HEAD");
  }

  @Test
  void revokedHolderKeyReactivated_byDeletingItsRevocation_isKeyHistoryInvalid() throws Exception {
    TestTenant tenant = createTenant("Reactivation Victim Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    registry.revokeConnectionKey(holder.connectionId(), holder.communicationKey().kid());
    String refused = issueCredential(tenant, connectionId, "Refused");
    drainOutbox();
    assertThat(deliveryStatus(tenant, refused).get("status").stringValue()).isEqualTo("FAILED");

    // The provider deletes the REVOKED event, resets the head and lists the key ACTIVE again.
    registry.connectionLogs().rewrite(holder.connectionId(), events -> events.subList(0, 2));
    registry.registerConnectionKeys(
        holder.connectionId(),
        holder.authenticationKey().publicKey(),
        holder.communicationKey().publicKey());
    clock.advance(properties.holderKeyMaxAge().plus(Duration.ofMillis(1)));
    String deliveryId = issueCredential(tenant, connectionId, "After");
    drainOutbox();

    assertRefused(tenant, connectionId, deliveryId, "DOES_NOT_EXTEND_PINNED_HEAD");
  }

  private void assertRefused(TestTenant tenant, UUID connectionId, String deliveryId, String why)
      throws Exception {
    JsonNode failed = deliveryStatus(tenant, deliveryId);
    assertThat(failed.get("status").stringValue()).isEqualTo("FAILED");
    assertThat(failed.get("reason").stringValue()).startsWith("KEY_HISTORY_INVALID").contains(why);
    assertThat(connections.get(connectionId).orElseThrow().state())
        .isEqualTo(ConnectionState.KEY_HISTORY_INVALID);
    assertThat(calls(deliveryId)).isEmpty();
  }

  private long heads(UUID connectionId) {
    return jdbc.sql(
            "SELECT head_sequence FROM issuer_gateway.holder_key_histories WHERE connection_id = ?")
        .param(connectionId)
        .query(Long.class)
        .single();
  }

  private Object headWrittenAt(UUID connectionId) {
    return jdbc.sql(
            "SELECT verified_at FROM issuer_gateway.holder_key_histories WHERE connection_id = ?")
        .param(connectionId)
        .query(java.time.OffsetDateTime.class)
        .single();
  }

  private List<SendCall> calls(String deliveryId) {
    return connector.sendCalls().stream()
        .filter(c -> deliveryId.equals(c.clientMessageId()))
        .toList();
  }
}
