package org.credrelay.issuergateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.delivery.service.StaticAgreementCache;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.TenantKeyStatus;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.credrelay.issuergateway.tenant.store.TenantKeyStore;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The issuer's keys are decrypted once and reused, but never after they rotated: the credential
 * after a rotation is sealed with the new communication key, whichever replica rotated.
 */
class IssuerKeyCacheTest extends GatewayIntegrationTest {

  @Autowired IssuerIdentityCache identities;
  @Autowired TenantKeyStore keys;
  @Autowired StaticAgreementCache agreements;

  @Test
  void identity_isDecryptedOnce_andReusedWhileItsKeysStayActive() throws Exception {
    TestTenant tenant = createTenant("Cached Keys Co");
    IssuerIdentity first = identities.identity(tenant.id());

    identities.revalidate(List.of(tenant.id()));

    assertThat(identities.identity(tenant.id())).isSameAs(first);
  }

  @Test
  void afterARotation_theNextCredentialIsSealedWithTheNewKey() throws Exception {
    TestTenant tenant = createTenant("Rotating Sender Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    PublicKeyJwk oldKey = holder.issuer().communicationKey();
    String holderKey = holder.communicationKey().publicKey().thumbprint();
    String before = issueCredential(tenant, connectionId, "Before Rotation");
    drainOutbox();
    assertThat(agreements.remembers(oldKey.thumbprint(), holderKey)).isTrue();

    JsonNode rotated =
        call(
            mvc.perform(
                    post("/api/v1/tenant/keys/communication/rotation")
                        .header(API_KEY, tenant.apiKey()))
                .andReturn(),
            200);
    // Evicted by the rotation itself, before any batch looks at the keys again.
    assertThat(agreements.remembers(oldKey.thumbprint(), holderKey)).isFalse();
    assertThat(identities.identity(tenant.id()).communicationKey().kid())
        .isEqualTo(activeCommunicationKid(rotated));
    String after = issueCredential(tenant, connectionId, "After Rotation");
    drainOutbox();

    PublicKeyJwk newKey =
        registry.activeKeys(tenant.did()).stream()
            .filter(key -> key.curve() == KeyCurve.X25519)
            .findFirst()
            .orElseThrow();
    assertThat(newKey.kid()).isEqualTo(activeCommunicationKid(rotated)).isNotEqualTo(oldKey.kid());
    assertThat(holder.openFrom(storedFor(holder, before).get(0).message(), oldKey).senderKid())
        .isEqualTo(oldKey.kid());
    assertThat(holder.openFrom(storedFor(holder, after).get(0).message(), newKey).senderKid())
        .isEqualTo(newKey.kid());
    assertThat(agreements.remembers(newKey.thumbprint(), holderKey)).isTrue();
  }

  @Test
  void aRevokedConnection_dropsTheRememberedAgreementOfItsHolderKey() throws Exception {
    TestTenant tenant = createTenant("Revoking Sender Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String issuerKey = holder.issuer().communicationKey().thumbprint();
    String holderKey = holder.communicationKey().publicKey().thumbprint();
    issueCredential(tenant, connectionId, "Before Revocation");
    drainOutbox();
    assertThat(agreements.remembers(issuerKey, holderKey)).isTrue();

    call(
        mvc.perform(
                post("/api/v1/connections/" + connectionId + "/revocation")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn(),
        200);

    assertThat(agreements.remembers(issuerKey, holderKey)).isFalse();
  }

  @Test
  void rotationCommittedByAnotherReplica_isSeenByTheNextBatch() throws Exception {
    TestTenant tenant = createTenant("Elsewhere Rotated Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    issueCredential(tenant, connectionId, "Cached Identity");
    drainOutbox();

    // What another replica's rotation leaves in the shared database; nothing evicts here.
    KeyPairJwk rotatedIn = Keys.generateCommunication();
    keys.add(tenant.id(), rotatedIn, TenantKeyStatus.PENDING, clock.instant());
    keys.promotePending(tenant.id(), KeyUse.COMMUNICATION, clock.instant());
    String after = issueCredential(tenant, connectionId, "Next Batch");
    drainOutbox();

    assertThat(
            holder
                .openFrom(storedFor(holder, after).get(0).message(), rotatedIn.publicKey())
                .senderKid())
        .isEqualTo(rotatedIn.kid());
  }

  private static String activeCommunicationKid(JsonNode tenant) {
    for (JsonNode key : tenant.get("keys")) {
      if (key.get("usage").stringValue().equals("COMMUNICATION")
          && key.get("status").stringValue().equals("ACTIVE")
          && key.get("publicJwk").get("crv").stringValue().equals("X25519")) {
        return key.get("kid").stringValue();
      }
    }
    throw new AssertionError("no ACTIVE communication key in " + tenant);
  }
}
