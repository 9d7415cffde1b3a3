package org.credrelay.issuergateway.keyrotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.envelope.OpenedEnvelope;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.KeyRotationMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16 item 1: an issuer key rotation is announced exactly to the holders that pinned the old
 * key (a communication key to the holders on its curve, the authentication key to every holder),
 * sealed from the communication key each holder has pinned, and the portal sees per connection
 * which issuer keys are pinned.
 */
class KeyRotationAnnouncementTest extends GatewayIntegrationTest {

  @Test
  void handshake_ofAP256Holder_recordsTheP256KeyAsPinned_andTheCurve() throws Exception {
    TestTenant tenant = createTenant("P-256 Pin Co");
    TestHolder p256 = verifiedHolder(tenant, KeyCurve.P_256);

    JsonNode view = connectionView(tenant, p256);

    assertThat(view.get("issuerCommunicationKeyId").stringValue())
        .isEqualTo(p256.issuer().communicationKey().kid());
    assertThat(view.get("communicationCurve").stringValue()).isEqualTo("P-256");
    assertThat(view.get("issuerAuthenticationKeyId").stringValue())
        .isEqualTo(p256.issuer().authenticationKey().kid());
  }

  @Test
  void communicationKeyRotation_isAnnouncedOnlyToHoldersOnItsCurve() throws Exception {
    TestTenant tenant = createTenant("Two Curves Co");
    TestHolder x25519 = verifiedHolder(tenant, KeyCurve.X25519);
    TestHolder p256 = verifiedHolder(tenant, KeyCurve.P_256);
    String oldX25519 = x25519.issuer().communicationKey().kid();
    String oldP256 = p256.issuer().communicationKey().kid();

    rotate("/api/v1/tenant/keys/communication/rotation", tenant);
    drainOutbox();

    assertThat(announcements(p256)).isEmpty();
    KeyRotationMessage toX25519 = announcements(x25519).get(0);
    assertThat(toX25519.getUsage()).isEqualTo(KeyUsage.KEY_USAGE_COMMUNICATION);
    assertThat(toX25519.getOldKeyId()).isEqualTo(oldX25519);
    String newX25519 = activeKey(tenant, KeyCurve.X25519).kid();
    assertThat(connectionView(tenant, x25519).get("issuerCommunicationKeyId").stringValue())
        .isEqualTo(newX25519);
    assertThat(connectionView(tenant, p256).get("issuerCommunicationKeyId").stringValue())
        .isEqualTo(oldP256);

    rotate("/api/v1/tenant/keys/communication/rotation?curve=P-256", tenant);
    drainOutbox();

    assertThat(announcements(x25519)).hasSize(1);
    List<KeyRotationMessage> toP256 = announcements(p256);
    assertThat(toP256).hasSize(1);
    PublicKeyJwk newP256 = activeKey(tenant, KeyCurve.P_256);
    assertThat(newP256.kid()).isNotEqualTo(oldP256);
    assertThat(toP256.get(0).getOldKeyId()).isEqualTo(oldP256);
    assertThat(toP256.get(0).getNewKey().getJwk()).contains(newP256.kid());
    assertThat(connectionView(tenant, p256).get("issuerCommunicationKeyId").stringValue())
        .isEqualTo(newP256.kid());
    // The next credential to the P-256 holder is sealed with the new P-256 key.
    String after = issueCredential(tenant, gatewayConnectionId(tenant, p256), "After P-256");
    drainOutbox();
    assertThat(deliveryStatus(tenant, after).get("status").stringValue()).isEqualTo("SENT");
    assertThat(p256.openFrom(storedFor(p256, after).get(0).message(), newP256).senderKid())
        .isEqualTo(newP256.kid());
  }

  @Test
  void authenticationKeyRotation_isAnnouncedToEveryHolder_andSignsFromThenOn() throws Exception {
    TestTenant tenant = createTenant("Auth Rotating Co");
    TestHolder x25519 = verifiedHolder(tenant, KeyCurve.X25519);
    TestHolder p256 = verifiedHolder(tenant, KeyCurve.P_256);
    String oldAuth = x25519.issuer().authenticationKey().kid();

    JsonNode rotated = rotate("/api/v1/tenant/keys/authentication/rotation", tenant);
    drainOutbox();

    String newAuth = activeKid(rotated, "AUTHENTICATION");
    assertThat(newAuth).isNotEqualTo(oldAuth);
    for (TestHolder holder : List.of(x25519, p256)) {
      // Opened with the holder's pinned issuer communication key: unchanged by this rotation.
      List<KeyRotationMessage> received = announcements(holder);
      assertThat(received).hasSize(1);
      assertThat(received.get(0).getUsage()).isEqualTo(KeyUsage.KEY_USAGE_AUTHENTICATION);
      assertThat(received.get(0).getOldKeyId()).isEqualTo(oldAuth);
      assertThat(received.get(0).getNewKey().getJwk()).contains(newAuth);
      JsonNode view = connectionView(tenant, holder);
      assertThat(view.get("issuerAuthenticationKeyId").stringValue()).isEqualTo(newAuth);
      assertThat(view.get("issuerCommunicationKeyId").stringValue())
          .isEqualTo(holder.issuer().communicationKey().kid());
    }
    // The connector (double) accepts only ACTIVE keys of the registry: the old one is rotated out
    // there, so a SENT credential shows the gateway signs with the new key.
    String after = issueCredential(tenant, gatewayConnectionId(tenant, x25519), "After Auth");
    drainOutbox();
    assertThat(deliveryStatus(tenant, after).get("status").stringValue()).isEqualTo("SENT");
    // A handshake after the rotation names the new authentication key.
    TestHolder later = verifiedHolder(tenant, KeyCurve.X25519);
    assertThat(later.issuer().authenticationKey().kid()).isEqualTo(newAuth);
  }

  @Test
  void rotation_ofAnUnknownCurve_isRefused() throws Exception {
    TestTenant tenant = createTenant("Bad Curve Co");

    call(
        mvc.perform(
                post("/api/v1/tenant/keys/communication/rotation?curve=Ed25519")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn(),
        400);
  }

  private TestHolder verifiedHolder(TestTenant tenant, KeyCurve curve) throws Exception {
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri(), curve).accept();
    holder.sendHello();
    awaitState(invitation.id(), ConnectionState.VERIFIED);
    drainOutbox();
    holder.verifyIssuerReply(registry.activeKeys(tenant.did()));
    return holder;
  }

  private JsonNode rotate(String path, TestTenant tenant) throws Exception {
    return call(mvc.perform(post(path).header(API_KEY, tenant.apiKey())).andReturn(), 200);
  }

  private JsonNode connectionView(TestTenant tenant, TestHolder holder) throws Exception {
    UUID id = gatewayConnectionId(tenant, holder);
    return getJson("/api/v1/connections/" + id, tenant.apiKey());
  }

  private PublicKeyJwk activeKey(TestTenant tenant, KeyCurve curve) {
    return registry.activeKeys(tenant.did()).stream()
        .filter(key -> key.curve() == curve)
        .findFirst()
        .orElseThrow();
  }

  private static String activeKid(JsonNode tenant, String usage) {
    for (JsonNode key : tenant.get("keys")) {
      if (key.get("usage").stringValue().equals(usage)
          && key.get("status").stringValue().equals("ACTIVE")) {
        return key.get("kid").stringValue();
      }
    }
    throw new AssertionError("no ACTIVE " + usage + " key in " + tenant);
  }

  /** The key rotation announcements the holder received, opened with its pinned issuer key. */
  private static List<KeyRotationMessage> announcements(TestHolder holder) throws Exception {
    List<KeyRotationMessage> found = new ArrayList<>();
    for (var stored : holder.storedMessages()) {
      if (!AtalaMessage.parseFrom(stored).hasEncryptedMessage()) {
        continue;
      }
      OpenedEnvelope opened = holder.openFrom(stored, holder.issuer().communicationKey());
      AtalaMessage inner = AtalaMessage.parseFrom(opened.plaintext());
      if (inner.hasKeyRotation()) {
        found.add(inner.getKeyRotation());
      }
    }
    return found;
  }
}
