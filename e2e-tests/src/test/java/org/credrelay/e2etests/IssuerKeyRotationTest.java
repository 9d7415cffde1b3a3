package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.RefusalReason;
import org.credrelay.wallet.sdk.WalletEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16 item 1: an issuer rotates its communication key while credentials flow; the gateway
 * announces the new key on the connection (sealed with the old one), the wallet re-pins after the
 * key registry confirms it, and every credential arrives. After a rotation because of a leak, a
 * credential sealed with the revoked old key is refused.
 */
class IssuerKeyRotationTest {

  private final Scenario scenario = new Scenario();

  @Test
  void rotationInTheMiddleOfAStream_everyCredentialIsReceived() throws Exception {
    Scenario.Connected c = scenario.connect();
    String oldKid =
        activeCommunicationKid(
            scenario.env.gateway.connection(c.issuer().apiKey(), c.gatewayConnectionId()));
    List<String> deliveries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      deliveries.add(scenario.issue(c.issuer(), c.gatewayConnectionId(), "before-" + i));
    }
    JsonNode tenant = scenario.env.gateway.rotateCommunicationKey(c.issuer().apiKey());
    String newKid = activeKid(tenant);
    assertThat(newKid).isNotEqualTo(oldKid);
    for (int i = 0; i < 3; i++) {
      deliveries.add(scenario.issue(c.issuer(), c.gatewayConnectionId(), "after-" + i));
    }
    deliveries.forEach(id -> scenario.awaitDelivery(c.issuer(), id, "SENT"));

    List<WalletEvent> events = receiveUntil(c, 6, false);

    assertThat(events).noneMatch(WalletEvent.Refused.class::isInstance);
    assertThat(events)
        .filteredOn(WalletEvent.KeyRotated.class::isInstance)
        .singleElement()
        .satisfies(
            e -> {
              WalletEvent.KeyRotated rotated = (WalletEvent.KeyRotated) e;
              assertThat(rotated.oldKeyId()).isEqualTo(oldKid);
              assertThat(rotated.newKeyId()).isEqualTo(newKid);
              assertThat(rotated.oldKeyAcceptedUntil()).isNotNull();
            });
    assertThat(c.wallet().credentials()).hasSize(6);
    Connection pinned = c.wallet().connections().get(0);
    assertThat(pinned.issuerCommunicationKeyId()).isEqualTo(newKid);
    assertThat(pinned.retiredIssuerKeyId()).isEqualTo(oldKid);
    JsonNode view = scenario.env.gateway.connection(c.issuer().apiKey(), c.gatewayConnectionId());
    assertThat(view.get("issuerCommunicationKeyId").asString()).isEqualTo(newKid);
    assertThat(view.get("pinnedCommunicationKeyId").asString())
        .isEqualTo(pinned.communicationKeyId());
    c.wallet().close();
  }

  @Test
  void afterALeakRotation_aCredentialSealedWithTheRevokedOldKey_isRefused() throws Exception {
    Scenario.Connected c = scenario.connect();
    scenario.awaitDelivery(
        c.issuer(), scenario.issue(c.issuer(), c.gatewayConnectionId(), "first"), "SENT");
    scenario.receiveCredential(c.wallet());
    KeyPairJwk leaked = activeCommunicationKeyPair(c.issuer().did());

    scenario.env.gateway.rotateCommunicationKey(c.issuer().apiKey(), true);
    String after = scenario.issue(c.issuer(), c.gatewayConnectionId(), "after-leak");
    scenario.awaitDelivery(c.issuer(), after, "SENT");
    PublicKeyJwk holderKey =
        Keys.parsePublic(
            scenario.holderCommunicationJwk(c.connectorConnectionId()), KeyUse.COMMUNICATION);
    byte[] forged =
        new EnvelopeSealer(Clock.systemUTC(), new SecureRandom())
            .seal(
                leaked,
                List.of(holderKey),
                c.connectorConnectionId(),
                credential("sealed-with-the-leaked-key").toByteArray())
            .bytes();
    scenario.injectToHolder(
        c.connectorConnectionId(),
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId(holderKey.kid())
                    .setEncryptedContent(ByteString.copyFrom(forged)))
            .build()
            .toByteArray());

    List<WalletEvent> events = receiveUntil(c, 2, true);

    assertThat(events)
        .filteredOn(WalletEvent.KeyRotated.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((WalletEvent.KeyRotated) e).oldKeyAcceptedUntil()).isNull());
    assertThat(events)
        .filteredOn(WalletEvent.Refused.class::isInstance)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((WalletEvent.Refused) e).reason())
                    .isEqualTo(RefusalReason.UNEXPECTED_SENDER));
    assertThat(c.wallet().credentials())
        .extracting(cred -> new String(cred.document(), StandardCharsets.UTF_8))
        .hasSize(2)
        .noneMatch(document -> document.contains("sealed-with-the-leaked-key"));
    c.wallet().close();
  }

  /** Receives until {@code credentials} are stored (and, if asked, one message was refused). */
  private List<WalletEvent> receiveUntil(Scenario.Connected c, int credentials, boolean refusal) {
    List<WalletEvent> events = new ArrayList<>();
    Await.until(
        credentials + " credentials in the wallet",
        SharedSuite.ASYNC_TIMEOUT,
        () -> {
          c.wallet().receiveOnce(events::add);
          return events;
        },
        e ->
            c.wallet().credentials().size() >= credentials
                && (!refusal || e.stream().anyMatch(WalletEvent.Refused.class::isInstance)));
    return events;
  }

  private static String activeKid(JsonNode tenant) {
    for (JsonNode key : tenant.get("keys")) {
      // The X25519 key: the one rotated (the tenant also holds a P-256 communication key).
      if ("COMMUNICATION".equals(key.get("usage").asString())
          && "ACTIVE".equals(key.get("status").asString())
          && "X25519".equals(key.get("publicJwk").get("crv").asString())) {
        return key.get("kid").asString();
      }
    }
    throw new AssertionError("no ACTIVE communication key in " + tenant);
  }

  private String activeCommunicationKid(JsonNode connection) {
    return connection.get("issuerCommunicationKeyId").asString();
  }

  /**
   * The tenant's ACTIVE communication key pair, decrypted from the gateway's database with its
   * key-encryption key: what an attacker holds after the key leaked.
   */
  private KeyPairJwk activeCommunicationKeyPair(String did) throws Exception {
    try (var db = scenario.env.database();
        var select =
            db.prepareStatement(
                "SELECT k.id, k.private_jwk_ciphertext FROM issuer_gateway.tenant_keys k"
                    + " JOIN issuer_gateway.tenants t ON t.id = k.tenant_id"
                    + " WHERE t.did = ? AND k.usage = 'COMMUNICATION' AND k.status = 'ACTIVE'"
                    + " AND k.curve = 'X25519'")) {
      select.setString(1, did);
      try (var rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        UUID id = rows.getObject(1, UUID.class);
        byte[] stored = rows.getBytes(2);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
            Cipher.DECRYPT_MODE,
            new SecretKeySpec(
                Base64.getDecoder().decode(scenario.env.gatewayKeyEncryptionKey), "AES"),
            new GCMParameterSpec(128, Arrays.copyOfRange(stored, 1, 13)));
        cipher.updateAAD(
            ("credrelay-gw-at-rest-v1|tenant-private-key|" + id)
                .getBytes(StandardCharsets.US_ASCII));
        byte[] json = cipher.doFinal(Arrays.copyOfRange(stored, 13, stored.length));
        return KeyPairJwk.parse(new String(json, StandardCharsets.UTF_8), KeyUse.COMMUNICATION);
      }
    }
  }

  private static AtalaMessage credential(String marker) {
    return AtalaMessage.newBuilder()
        .setCredential(
            CredentialMessage.newBuilder()
                .setCredentialId(UUID.randomUUID().toString())
                .setMediaType("application/vc+json")
                .setDocument(
                    ByteString.copyFromUtf8(
                        "{\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{\"m\":\""
                            + marker
                            + "\"}}"))
                .setIssuedAtMillis(System.currentTimeMillis()))
        .build();
  }
}
