package org.credrelay.issuergateway.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.credrelay.e2ecrypto.handshake.PinnedKeys;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 16 item 3: the gateway holds a communication key per served curve and answers (and seals
 * to) each holder with the key on the holder's curve; a tenant from before a curve gets its key
 * registered at the first handshake that needs it.
 */
class CommunicationCurveTest extends GatewayIntegrationTest {

  @Autowired IssuerIdentityCache identities;

  @Test
  void newTenant_registersACommunicationKeyPerCurve() throws Exception {
    TestTenant tenant = createTenant("Two Curves Co");

    assertThat(communicationCurves(registry.activeKeys(tenant.did())))
        .containsExactlyInAnyOrder(KeyCurve.X25519, KeyCurve.P_256);
  }

  @Test
  void p256Holder_pinsTheIssuersP256Key_andReceivesTheCredentialSealedWithIt() throws Exception {
    TestTenant tenant = createTenant("P-256 Co");
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri(), KeyCurve.P_256).accept();
    holder.sendHello();
    awaitState(invitation.id(), ConnectionState.VERIFIED);
    drainOutbox();

    PinnedKeys issuer = holder.verifyIssuerReply(registry.activeKeys(tenant.did()));
    String deliveryId = issueCredential(tenant, invitation.id(), "Pat");
    drainOutbox();

    assertThat(issuer.communicationKey().curve()).isEqualTo(KeyCurve.P_256);
    assertThat(deliveryStatus(tenant, deliveryId).get("status").stringValue()).isEqualTo("SENT");
    assertThat(holder.credentials()).singleElement();
  }

  @Test
  void tenantFromBeforeP256_getsItsP256KeyRegisteredAtTheFirstP256Handshake() throws Exception {
    TestTenant tenant = createTenant("Old Tenant Co");
    String p256Kid = forgetP256Key(tenant);
    TestInvitation invitation = createInvitation(tenant);
    TestHolder holder = newHolder(invitation.uri(), KeyCurve.P_256).accept();

    holder.sendHello();
    awaitState(invitation.id(), ConnectionState.VERIFIED);
    drainOutbox();

    PinnedKeys issuer = holder.verifyIssuerReply(registry.activeKeys(tenant.did()));
    assertThat(issuer.communicationKey().curve()).isEqualTo(KeyCurve.P_256);
    assertThat(issuer.communicationKey().kid()).isNotEqualTo(p256Kid);
    assertThat(registry.activeKeys(tenant.did())).contains(issuer.communicationKey());
    assertThat(
            jdbc.sql(
                    "SELECT status FROM tenant_keys WHERE tenant_id = ? AND kid = ?"
                        + " AND curve = 'P_256'")
                .params(tenant.id(), issuer.communicationKey().kid())
                .query(String.class)
                .single())
        .isEqualTo("ACTIVE");
    String deliveryId = issueCredential(tenant, invitation.id(), "Olga");
    drainOutbox();
    assertThat(deliveryStatus(tenant, deliveryId).get("status").stringValue()).isEqualTo("SENT");
    assertThat(holder.credentials()).singleElement();
  }

  /** Makes the tenant look like one created before P-256 keys existed (only X25519). */
  private String forgetP256Key(TestTenant tenant) {
    String kid =
        jdbc.sql("SELECT kid FROM tenant_keys WHERE tenant_id = ? AND curve = 'P_256'")
            .params(tenant.id())
            .query(String.class)
            .single();
    jdbc.sql("DELETE FROM tenant_keys WHERE tenant_id = ? AND curve = 'P_256'")
        .params(tenant.id())
        .update();
    registry.forget(tenant.did(), kid);
    identities.evict(tenant.id());
    return kid;
  }

  private static List<KeyCurve> communicationCurves(List<PublicKeyJwk> keys) {
    return keys.stream()
        .filter(key -> key.use() == KeyUse.COMMUNICATION)
        .map(PublicKeyJwk::curve)
        .toList();
  }
}
