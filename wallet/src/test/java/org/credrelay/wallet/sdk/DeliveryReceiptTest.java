package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.credrelay.e2ecrypto.envelope.EnvelopeOpener;
import org.credrelay.e2ecrypto.envelope.EnvelopePolicy;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.envelope.KeyRing;
import org.credrelay.e2ecrypto.envelope.OpenedEnvelope;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.DeliveryReceipt;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.testsupport.connector.FakeConnector;
import org.credrelay.testsupport.connector.RelayedMessage;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.FakeIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery receipts (PROTOCOL.md §5.14): after the wallet saved the credentials of a batch it sends
 * the issuer one receipt per connection naming their envelope ids, authcrypted from the holder key
 * the issuer pinned; never before the save.
 */
class DeliveryReceiptTest {

  private static final String DOC = "{\"type\":[\"VerifiableCredential\"]}";

  @TempDir Path dir;

  private ConnectorFixture fixture;
  private FakeConnector connector;
  private FakeIssuer issuer;
  private HolderWallet wallet;

  @BeforeEach
  void setUp() {
    fixture = new ConnectorFixture();
    connector = fixture.connector();
    issuer = fixture.issuer();
    wallet = HolderWallet.create(fixture.config(dir).build());
  }

  @AfterEach
  void tearDown() {
    wallet.close();
    fixture.close();
  }

  @Test
  void savedCredentials_areReceiptedOncePerBatch_sealedByThePinnedHolderKey() throws Exception {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    sendCredential(connectionId, "cred-1", "envelope-1");
    sendCredential(connectionId, "cred-2", "envelope-2");

    wallet.receiveOnce(event -> {});

    List<OpenedEnvelope> receipts = receipts(connectionId);
    assertThat(receipts).hasSize(1);
    assertThat(receipts.get(0).senderKid())
        .isEqualTo(connector.holderCommunicationKey(connectionId).kid());
    DeliveryReceipt receipt =
        AtalaMessage.parseFrom(receipts.get(0).plaintext()).getDeliveryReceipt();
    assertThat(receipt.getMessageIdsList()).containsExactly("envelope-1", "envelope-2");
    assertThat(receipt.getStoredAtMillis())
        .isPositive()
        .isLessThanOrEqualTo(fixture.clock().millis());
  }

  @Test
  void aCredentialHeldAlready_isReceiptedToo_soAResendCanBeReportedDelivered() throws Exception {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    sendCredential(connectionId, "cred-1", "envelope-1");
    wallet.receiveOnce(event -> {});
    sendCredential(connectionId, "cred-1", "envelope-resent");

    wallet.receiveOnce(event -> {});

    assertThat(receipts(connectionId))
        .extracting(opened -> AtalaMessage.parseFrom(opened.plaintext()).getDeliveryReceipt())
        .extracting(receipt -> List.copyOf(receipt.getMessageIdsList()))
        .containsExactly(List.of("envelope-1"), List.of("envelope-resent"));
  }

  @Test
  void noReceiptBeforeTheSave_aFailedSaveSendsNone_theNextSaveSendsIt() throws Exception {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    sendCredential(connectionId, "cred-1", "envelope-1");
    // A file where the wallet keeps credential documents: the save fails before any state is
    // written (the state itself is appended to a journal file that is already open).
    Path blocker = Files.createFile(dir.resolve("credentials"));

    assertThatThrownBy(() -> wallet.receiveOnce(event -> {}))
        .isInstanceOf(WalletException.class)
        .hasFieldOrPropertyWithValue("reason", WalletException.Reason.STORAGE);
    assertThat(receipts(connectionId)).isEmpty();

    Files.delete(blocker);
    sendCredential(connectionId, "cred-2", "envelope-2");
    wallet.receiveOnce(event -> {});

    // The next save holds the first credential too: both are receipted after it.
    assertThat(receipts(connectionId))
        .extracting(opened -> AtalaMessage.parseFrom(opened.plaintext()).getDeliveryReceipt())
        .extracting(receipt -> List.copyOf(receipt.getMessageIdsList()))
        .containsExactly(List.of("envelope-1", "envelope-2"));
    assertThat(wallet.credentials()).hasSize(2);
  }

  /** A credential from the issuer's pinned key with a known envelope id ({@code cr_mid}). */
  private void sendCredential(String connectionId, String credentialId, String envelopeId) {
    var holderKey = connector.holderCommunicationKey(connectionId);
    byte[] inner =
        AtalaMessage.newBuilder()
            .setCredential(
                CredentialMessage.newBuilder()
                    .setCredentialId(credentialId)
                    .setMediaType("application/vc+json")
                    .setDocument(ByteString.copyFromUtf8(DOC))
                    .setIssuedAtMillis(fixture.clock().millis()))
            .build()
            .toByteArray();
    byte[] envelope =
        new EnvelopeSealer(fixture.clock(), new SecureRandom())
            .seal(issuer.communicationKey(), List.of(holderKey), connectionId, envelopeId, inner)
            .bytes();
    connector.deliverToHolder(
        connectionId,
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId(holderKey.kid())
                    .setEncryptedContent(ByteString.copyFrom(envelope)))
            .build());
  }

  /** The receipts the holder sent, opened as the issuer does: only from the pinned holder key. */
  private List<OpenedEnvelope> receipts(String connectionId) throws Exception {
    EnvelopeOpener opener =
        new EnvelopeOpener(fixture.clock(), (c, id, until) -> true, EnvelopePolicy.defaults());
    List<OpenedEnvelope> opened = new java.util.ArrayList<>();
    for (RelayedMessage message : connector.sentByHolder(connectionId)) {
      if (!message.atala().hasEncryptedMessage()) {
        continue;
      }
      EncryptedMessage encrypted = message.atala().getEncryptedMessage();
      assertThat(encrypted.getKeyId()).isEqualTo(issuer.communicationKey().kid());
      OpenedEnvelope envelope =
          opener.open(
              encrypted.getEncryptedContent().toByteArray(),
              connectionId,
              KeyRing.of(List.of(issuer.communicationKey())),
              List.of(connector.holderCommunicationKey(connectionId)));
      if (AtalaMessage.parseFrom(envelope.plaintext()).hasDeliveryReceipt()) {
        opened.add(envelope);
      }
    }
    return opened;
  }
}
