package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.testsupport.connector.FakeConnector.SendCall;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The connector's confirmation of a pinned holder key is reused for
 * {@code gateway.delivery.holder-key-max-age} and no longer; nothing is ever sealed to a key other
 * than the pinned one.
 */
class PinnedKeyCheckCacheTest extends GatewayIntegrationTest {

  @Autowired DeliveryProperties properties;

  @Test
  void confirmation_isReusedWithinTheMaxAge_andAskedAgainAfterIt() throws Exception {
    TestTenant tenant = createTenant("Frugal Issuer");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    int lookups = connector.communicationKeyLookups(holder.connectionId());

    List<String> ids = new ArrayList<>();
    ids.add(issueCredential(tenant, connectionId, "One"));
    drainOutbox();
    clock.advance(properties.holderKeyMaxAge().minusMillis(1));
    ids.add(issueCredential(tenant, connectionId, "Two"));
    drainOutbox();
    assertThat(connector.communicationKeyLookups(holder.connectionId())).isEqualTo(lookups + 1);

    clock.advance(Duration.ofMillis(1));
    ids.add(issueCredential(tenant, connectionId, "Three"));
    drainOutbox();
    assertThat(connector.communicationKeyLookups(holder.connectionId())).isEqualTo(lookups + 2);

    for (String id : ids) {
      assertThat(deliveryStatus(tenant, id).get("status").stringValue()).isEqualTo("SENT");
    }
    assertThat(holder.credentials()).hasSize(3);
  }

  @Test
  void substitutedHolderKey_isKeyMismatch_onceTheConfirmationExpired() throws Exception {
    TestTenant tenant = createTenant("Expiring Trust Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    issueCredential(tenant, connectionId, "Confirmed");
    drainOutbox();
    connector.overrideCommunicationKeys(holder.connectionId(),
        List.of(Keys.generateCommunication().publicKey()));

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
    connector.overrideCommunicationKeys(holder.connectionId(),
        List.of(Keys.generateCommunication().publicKey()));

    String refusedId = issueCredential(tenant, connectionId, "Within Max Age");
    drainOutbox();
    // Sealed to the pinned key, as always; the connector no longer lists it and refuses.
    assertThat(calls(refusedId)).singleElement().satisfies(call -> {
      assertThat(call.outcome()).isEqualTo("FAILED_PRECONDITION");
      assertThat(AtalaMessage.parseFrom(call.message()).getEncryptedMessage().getKeyId())
          .isEqualTo(holder.communicationKey().kid());
    });
    assertThat(deliveryStatus(tenant, refusedId).get("status").stringValue()).isEqualTo("FAILED");

    String nextId = issueCredential(tenant, connectionId, "Asked Again");
    drainOutbox();
    assertThat(deliveryStatus(tenant, nextId).get("reason").stringValue()).startsWith("KEY_MISMATCH");
    assertThat(connections.get(connectionId).orElseThrow().state())
        .isEqualTo(ConnectionState.KEY_MISMATCH);
  }

  private List<SendCall> calls(String deliveryId) {
    return connector.sendCalls().stream().filter(c -> deliveryId.equals(c.clientMessageId()))
        .toList();
  }
}
