package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.envelope.ContentEncryption;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.wallet.sdk.RefusalReason;
import org.credrelay.wallet.sdk.WalletEvent;
import org.junit.jupiter.api.Test;

/**
 * 4. S2: the provider injects messages encrypted to the holder's public key; the wallet refuses
 * them and nothing new arrives. 5. S5: a stored credential message delivered again, or moved to
 * another connection, is deduplicated or refused; the wallet shows each credential once. 6. S6
 * (receiver side): a message naming a key id that is not the holder's is refused.
 */
class ForgedAndReplayedMessageTest {

  private final Scenario scenario = new Scenario();
  private final EnvelopeSealer sealer = new EnvelopeSealer(Clock.systemUTC(), new SecureRandom());

  @Test
  void messagesForgedWithTheHoldersPublicKey_areRefused() throws Exception {
    Scenario.Connected c = scenario.connect();
    PublicKeyJwk holderKey =
        Keys.parsePublic(
            scenario.holderCommunicationJwk(c.connectorConnectionId()), KeyUse.COMMUNICATION);
    byte[] forgedCredential = credential("forged").toByteArray();

    // authcrypt from the attacker's own key, and anoncrypt (needs only the holder's public key)
    var authcrypt =
        sealer.seal(
            Keys.generateCommunication(),
            List.of(holderKey),
            c.connectorConnectionId(),
            forgedCredential);
    var anoncrypt =
        sealer.sealAnonymous(
            List.of(holderKey),
            ContentEncryption.A256GCM,
            c.connectorConnectionId(),
            forgedCredential);
    scenario.injectToHolder(
        c.connectorConnectionId(), encrypted(holderKey.kid(), authcrypt.bytes()));
    scenario.injectToHolder(
        c.connectorConnectionId(), encrypted(holderKey.kid(), anoncrypt.bytes()));

    List<WalletEvent> events = scenario.receive(c.wallet());
    assertThat(events)
        .filteredOn(WalletEvent.Refused.class::isInstance)
        .extracting(e -> ((WalletEvent.Refused) e).reason())
        .containsExactlyInAnyOrder(
            RefusalReason.UNEXPECTED_SENDER, RefusalReason.ALGORITHM_NOT_ALLOWED);
    assertThat(events).noneMatch(WalletEvent.CredentialReceived.class::isInstance);
    assertThat(c.wallet().credentials()).isEmpty();
    c.wallet().close();
  }

  @Test
  void replayedOrMovedCredentialMessage_isShownOnce() throws Exception {
    Scenario.Connected first = scenario.connect();
    Scenario.Connected second = scenario.connect(first.issuer(), first.wallet());
    String deliveryId = scenario.issue(first.issuer(), first.gatewayConnectionId(), "once");
    scenario.awaitDelivery(first.issuer(), deliveryId, "SENT");
    // Copied before the wallet receives it: its acknowledgement deletes it at the connector.
    byte[] delivered =
        scenario.storedMessages(first.connectorConnectionId()).stream()
            .filter(bytes -> KeySubstitutionTest.parse(bytes).hasEncryptedMessage())
            .reduce((a, b) -> b)
            .orElseThrow();
    scenario.receiveCredential(first.wallet());

    scenario.injectToHolder(first.connectorConnectionId(), delivered);
    scenario.injectToHolder(second.connectorConnectionId(), delivered);
    List<WalletEvent> events = scenario.receive(first.wallet());

    assertThat(events).noneMatch(WalletEvent.CredentialReceived.class::isInstance);
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfAny(WalletEvent.DuplicateIgnored.class, WalletEvent.Refused.class)
                    .extracting(WalletEvent::connectionId)
                    .isEqualTo(first.walletConnectionId()));
    assertThat(events)
        .filteredOn(e -> e.connectionId().equals(second.walletConnectionId()))
        .singleElement()
        .isInstanceOfSatisfying(
            WalletEvent.Refused.class,
            refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.WRONG_CONNECTION));
    assertThat(first.wallet().credentials()).hasSize(1);
    first.wallet().close();
  }

  @Test
  void messageToAKeyIdThatIsNotTheHolders_isRefused() throws Exception {
    Scenario.Connected c = scenario.connect();
    PublicKeyJwk holderKey =
        Keys.parsePublic(
            scenario.holderCommunicationJwk(c.connectorConnectionId()), KeyUse.COMMUNICATION);
    var sealed =
        sealer.seal(
            Keys.generateCommunication(),
            List.of(holderKey),
            c.connectorConnectionId(),
            credential("wrong-kid").toByteArray());
    scenario.injectToHolder(
        c.connectorConnectionId(), encrypted("revoked-or-unknown-kid", sealed.bytes()));

    List<WalletEvent> events = scenario.receive(c.wallet());

    assertThat(events).singleElement().isInstanceOf(WalletEvent.Refused.class);
    assertThat(c.wallet().credentials()).isEmpty();
    c.wallet().close();
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

  private static byte[] encrypted(String keyId, byte[] jwe) {
    return AtalaMessage.newBuilder()
        .setEncryptedMessage(
            EncryptedMessage.newBuilder()
                .setKeyId(keyId)
                .setEncryptedContent(ByteString.copyFrom(jwe)))
        .build()
        .toByteArray();
  }
}
