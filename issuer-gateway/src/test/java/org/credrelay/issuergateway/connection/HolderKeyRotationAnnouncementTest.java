package org.credrelay.issuergateway.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.testing.RealPortGatewayTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.proto.messages.v1.KeyRotationMessage;
import org.junit.jupiter.api.Test;

/**
 * Holder key rotation at the gateway (PROTOCOL.md §7.8): an announcement is acted on only if it is
 * authcrypted by the pinned holder key and the connection's verified key history at the registry
 * holds the announced key with a rotation from the pinned one. Otherwise the pin is kept, the
 * refusal is the connection's lastFailure, and credentials are still sealed to the pinned key.
 */
class HolderKeyRotationAnnouncementTest extends RealPortGatewayTest {

  @Test
  void announcementByThePinnedKey_ofAKeyTheRegistryDoesNotHold_isRefused() throws Exception {
    TestTenant tenant = createTenant("Unregistered Rotation Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String pinned = holder.communicationKey().kid();

    String sent = announce(tenant, holder, holder.communicationKey(), pinned);

    Connection after = refusedWith(connectionId, sent, "KEY_ROTATION_REFUSED");
    assertThat(after.pinnedCommKid()).isEqualTo(pinned);
    assertThat(after.holderCommRotatedAt()).isNull();
    String delivery = issueCredential(tenant, connectionId, "Still Pinned");
    drainOutbox();
    assertThat(storedFor(holder, delivery)).hasSize(1);
  }

  @Test
  void announcementByAnotherKey_isRefusedAsUnexpectedSender() throws Exception {
    TestTenant tenant = createTenant("Forged Rotation Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String pinned = holder.communicationKey().kid();

    String sent = announce(tenant, holder, Keys.generate(KeyCurve.X25519), pinned);

    Connection after = refusedWith(connectionId, sent, "UNEXPECTED_SENDER");
    assertThat(after.pinnedCommKid()).isEqualTo(pinned);
  }

  @Test
  void announcementNamingAnotherOldKey_isRefusedAsUnexpectedSender() throws Exception {
    TestTenant tenant = createTenant("Stale Rotation Co");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);

    String sent = announce(tenant, holder, holder.communicationKey(), "not-the-pinned-kid");

    Connection after = refusedWith(connectionId, sent, "UNEXPECTED_SENDER");
    assertThat(after.pinnedCommKid()).isEqualTo(holder.communicationKey().kid());
  }

  /** Sends a rotation announcement to a fresh key, sealed from {@code sender}. */
  private String announce(TestTenant tenant, TestHolder holder, KeyPairJwk sender, String oldKid) {
    PublicKeyJwk issuerKey =
        registry.activeKeys(tenant.did()).stream()
            .filter(key -> key.curve() == KeyCurve.X25519)
            .findFirst()
            .orElseThrow();
    byte[] inner =
        AtalaMessage.newBuilder()
            .setKeyRotation(
                KeyRotationMessage.newBuilder()
                    .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                    .setOldKeyId(oldKid)
                    .setNewKey(
                        PublicKey.newBuilder()
                            .setJwk(Keys.generate(KeyCurve.X25519).publicKey().toJson()))
                    .setRotatedAtMillis(clock.millis())
                    .setOldKeyRevokedAtMillis(clock.millis()))
            .build()
            .toByteArray();
    byte[] envelope =
        new EnvelopeSealer(clock, new SecureRandom())
            .seal(sender, List.of(issuerKey), holder.connectionId(), inner)
            .bytes();
    return connector.fromHolder(
        holder.connectionId(),
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId(issuerKey.kid())
                    .setEncryptedContent(ByteString.copyFrom(envelope)))
            .build());
  }

  private Connection refusedWith(UUID connectionId, String messageId, String reason) {
    await().atMost(WAIT).until(() -> connector.isAcknowledged(messageId));
    Connection after = connections.get(connectionId).orElseThrow();
    assertThat(after.state()).isEqualTo(ConnectionState.VERIFIED);
    assertThat(after.lastFailure()).startsWith(reason);
    return after;
  }
}
