package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.HolderKeyConfirmations;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.testsupport.connector.FakeConnector.SendCall;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Before a credential is sealed, the key registry (not the connector) must list the pinned holder
 * key as ACTIVE; its confirmation is reused for {@code gateway.delivery.holder-key-max-age} and no
 * longer; nothing is ever sealed to a key other than the pinned one.
 */
class PinnedKeyCheckTest extends GatewayIntegrationTest {

  @Autowired DeliveryProperties properties;
  @Autowired HolderKeyConfirmations confirmations;

  @Test
  void confirmation_isReusedWithinTheMaxAge_refreshedAheadInItsLastQuarter_andAskedAgainAfterIt()
      throws Exception {
    TestTenant tenant = createTenant("Frugal Issuer");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    int lookups = registry.activeKeyLookups(holder.connectionId());
    int connectorLookups = connector.communicationKeyLookups(holder.connectionId());
    Duration maxAge = properties.holderKeyMaxAge();

    List<String> ids = new ArrayList<>();
    ids.add(issueCredential(tenant, connectionId, "One"));
    drainOutbox();
    clock.advance(maxAge.multipliedBy(3).dividedBy(4).minusMillis(1));
    ids.add(issueCredential(tenant, connectionId, "Two"));
    drainOutbox();
    assertThat(registry.activeKeyLookups(holder.connectionId())).isEqualTo(lookups + 1);

    // In the last quarter: sealed on the confirmation at hand, which is refreshed in the
    // background.
    clock.advance(Duration.ofMillis(1));
    ids.add(issueCredential(tenant, connectionId, "Three"));
    drainOutbox();
    assertThat(deliveryStatus(tenant, ids.get(2)).get("status").stringValue()).isEqualTo("SENT");
    java.time.Instant refreshedAt = clock.instant();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> confirmations.confirmedAt(connectionId).equals(Optional.of(refreshedAt)));
    assertThat(registry.activeKeyLookups(holder.connectionId())).isEqualTo(lookups + 2);

    // The max age counts from the refresh; after it the registry is asked before sealing.
    clock.advance(maxAge);
    ids.add(issueCredential(tenant, connectionId, "Four"));
    drainOutbox();
    assertThat(registry.activeKeyLookups(holder.connectionId())).isEqualTo(lookups + 3);
    assertThat(connector.communicationKeyLookups(holder.connectionId()))
        .as("the untrusted connector is not asked about the pinned key")
        .isEqualTo(connectorLookups);

    for (String id : ids) {
      assertThat(deliveryStatus(tenant, id).get("status").stringValue()).isEqualTo("SENT");
    }
    assertThat(holder.credentials()).hasSize(4);
  }

  @Test
  void aRefreshAheadThatFindsThePinnedKeyRevoked_dropsTheConfirmation_andTheNextCredentialFails()
      throws Exception {
    TestTenant tenant = createTenant("Watchful Issuer");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    issueCredential(tenant, connectionId, "Before");
    drainOutbox();
    registry.revokeConnectionKey(holder.connectionId(), holder.communicationKey().kid());

    clock.advance(properties.holderKeyMaxAge().multipliedBy(3).dividedBy(4));
    issueCredential(tenant, connectionId, "Within The Max Age"); // the bound allows this one
    drainOutbox();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> confirmations.confirmedAt(connectionId).isEmpty());

    String refused = issueCredential(tenant, connectionId, "After The Refresh");
    drainOutbox();
    JsonNode failed = deliveryStatus(tenant, refused);
    assertThat(failed.get("status").stringValue()).isEqualTo("FAILED");
    assertThat(failed.get("reason").stringValue())
        .contains("key registry lists no ACTIVE communication key");
    assertThat(calls(refused)).isEmpty();
  }

  @Test
  void substitutedHolderKey_refusesEveryCredentialOfTheBatch_afterOneRegistryLookup()
      throws Exception {
    TestTenant tenant = createTenant("Batched Trust Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    issueCredential(tenant, connectionId, "Confirmed");
    drainOutbox();
    registry.substituteConnectionKey(
        holder.connectionId(), Keys.generateCommunication().publicKey());
    clock.advance(properties.holderKeyMaxAge());
    int lookups = registry.activeKeyLookups(holder.connectionId());

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(issueCredential(tenant, connectionId, "Batched " + i));
    }
    drainOutbox();

    for (String id : ids) {
      JsonNode failed = deliveryStatus(tenant, id);
      assertThat(failed.get("status").stringValue()).isEqualTo("FAILED");
      assertThat(failed.get("reason").stringValue()).startsWith("KEY_MISMATCH");
      assertThat(calls(id)).isEmpty();
    }
    assertThat(registry.activeKeyLookups(holder.connectionId()))
        .as("checked once for the connection in the batch")
        .isEqualTo(lookups + 1);
  }

  @Test
  void substitutedHolderKey_isKeyMismatch_onceTheConfirmationExpired() throws Exception {
    TestTenant tenant = createTenant("Expiring Trust Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    issueCredential(tenant, connectionId, "Confirmed");
    drainOutbox();
    registry.substituteConnectionKey(
        holder.connectionId(), Keys.generateCommunication().publicKey());

    clock.advance(properties.holderKeyMaxAge());
    String deliveryId = issueCredential(tenant, connectionId, "Too Late");
    drainOutbox();

    JsonNode failed = deliveryStatus(tenant, deliveryId);
    assertThat(failed.get("status").stringValue()).isEqualTo("FAILED");
    assertThat(failed.get("reason").stringValue()).startsWith("KEY_MISMATCH");
    assertThat(connections.get(connectionId).orElseThrow().state())
        .isEqualTo(ConnectionState.KEY_MISMATCH);
    assertThat(calls(deliveryId)).isEmpty();
  }

  @Test
  void substitutedHolderKey_withinTheMaxAge_isNeverSealedTo_andTheRefusalEndsTheTrust()
      throws Exception {
    TestTenant tenant = createTenant("Short Trust Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    issueCredential(tenant, connectionId, "Confirmed");
    drainOutbox();
    // Both now serve another key; the connector refuses messages to the pinned one.
    var substitute = Keys.generateCommunication().publicKey();
    connector.overrideCommunicationKeys(holder.connectionId(), List.of(substitute));
    registry.substituteConnectionKey(holder.connectionId(), substitute);

    String refusedId = issueCredential(tenant, connectionId, "Within Max Age");
    drainOutbox();
    // Sealed to the pinned key, as always; the connector no longer lists it and refuses.
    assertThat(calls(refusedId))
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.outcome()).isEqualTo("FAILED_PRECONDITION");
              assertThat(AtalaMessage.parseFrom(call.message()).getEncryptedMessage().getKeyId())
                  .isEqualTo(holder.communicationKey().kid());
            });
    assertThat(deliveryStatus(tenant, refusedId).get("status").stringValue()).isEqualTo("FAILED");

    String nextId = issueCredential(tenant, connectionId, "Asked Again");
    drainOutbox();
    assertThat(deliveryStatus(tenant, nextId).get("reason").stringValue())
        .startsWith("KEY_MISMATCH");
    assertThat(connections.get(connectionId).orElseThrow().state())
        .isEqualTo(ConnectionState.KEY_MISMATCH);
  }

  /**
   * Issue 15 item 9: the pinned-key check asks the key registry, where the holder's key life cycle
   * is recorded, not the connector that forwards the messages.
   */
  @Test
  void pinnedKeyRevokedAtTheRegistry_whileTheConnectorListsItActive_isNotSent() throws Exception {
    TestTenant tenant = createTenant("Registry Trusting Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    registry.revokeConnectionKey(holder.connectionId(), holder.communicationKey().kid());

    String deliveryId = issueCredential(tenant, connectionId, "Never Sent");
    drainOutbox();

    JsonNode failed = deliveryStatus(tenant, deliveryId);
    assertThat(failed.get("status").stringValue()).isEqualTo("FAILED");
    assertThat(failed.get("reason").stringValue())
        .contains("key registry lists no ACTIVE communication key");
    assertThat(calls(deliveryId)).isEmpty();
    assertThat(holder.credentials()).isEmpty();
  }

  @Test
  void keyRegistryUnavailable_deliveryIsRetried_notSentUnchecked() throws Exception {
    TestTenant tenant = createTenant("Registry Outage Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    registry.failWith(io.grpc.Status.UNAVAILABLE);

    String deliveryId = issueCredential(tenant, connectionId, "Later");
    drainOutbox();
    JsonNode waiting = deliveryStatus(tenant, deliveryId);
    assertThat(waiting.get("status").stringValue()).isEqualTo("ACCEPTED");
    assertThat(waiting.get("reason").stringValue()).startsWith("key registry unavailable");
    assertThat(calls(deliveryId)).isEmpty();

    registry.recover();
    clock.advance(Duration.ofSeconds(2));
    drainOutbox();
    assertThat(deliveryStatus(tenant, deliveryId).get("status").stringValue()).isEqualTo("SENT");
  }

  private List<SendCall> calls(String deliveryId) {
    return connector.sendCalls().stream()
        .filter(c -> deliveryId.equals(c.clientMessageId()))
        .toList();
  }
}
