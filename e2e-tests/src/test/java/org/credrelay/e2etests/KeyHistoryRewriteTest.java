package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.launcher.GatewayRestClient;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.wallet.registry.KeyCheck;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16 item 4, threat model S8: the key registry's provider rewrites its database to bring a
 * retired key back, and both clients notice because they remember the log head they saw. The wallet
 * checks the issuer DID's log, the gateway the holder connection's log. Each attack: (a) delete a
 * ROTATED event and reset the head, (b) reactivate a revoked key, (c) roll the head back to an
 * earlier one the client saw. Detected means: reported where a user looks (wallet event and key
 * history status; gateway connection state KEY_HISTORY_INVALID over REST), and nothing is accepted
 * from or sealed to the affected key afterwards.
 */
class KeyHistoryRewriteTest {

  private final Scenario scenario = new Scenario();
  private final KeyRegistryDatabaseAttacker registry =
      new KeyRegistryDatabaseAttacker(scenario.env);

  @Test
  void walletSeesADeletedRotationAndAResetHead_andAcceptsNothingMoreFromTheIssuer()
      throws Exception {
    Scenario.Connected c = scenario.connect(scenario.env.newIssuer(), checkingWallet());
    String did = c.issuer().did();
    deliverAndReceive(c, "before", 1);
    String oldKid = issuerCommunicationKid(c);
    long rotation = rotate(c, false);
    deliverAndReceive(c, "after-rotation", 2);
    assertThat(c.wallet().keyHistory().cached(did, oldKid).head().sequence()).isEqualTo(rotation);

    registry.deleteEvent(did, rotation);
    registry.resetHead(did, rotation - 1);
    registry.setRevokedAt(oldKid, null);
    scenario.awaitDelivery(
        c.issuer(), scenario.issue(c.issuer(), c.gatewayConnectionId(), "rewritten"), "SENT");

    assertRejectedByTheWallet(c.wallet(), c, oldKid, 2);
    c.wallet().close();
  }

  @Test
  void walletSeesARevokedKeyReactivated_andRefusesAMessageSealedWithIt() throws Exception {
    Scenario.Connected c = scenario.connect(scenario.env.newIssuer(), checkingWallet());
    deliverAndReceive(c, "before", 1);
    String did = c.issuer().did();
    KeyPairJwk leaked =
        new LeakedIssuerKeys(scenario).activeKeyPair(did, KeyUse.COMMUNICATION, "X25519");
    long revocation = rotate(c, true);
    deliverAndReceive(c, "after-leak", 2);

    // The REVOKED event of the leaked key deleted, and the ROTATED event before it given a grace
    // period of ten years, its hash and the head recomputed: a consistent log, the key ACTIVE.
    assertThat(registry.eventType(did, revocation - 1)).isEqualTo("ROTATED");
    registry.deleteEvent(did, revocation);
    registry.resetHead(did, revocation - 1);
    String reactivated =
        registry.rewriteRotationRevocation(
            did, revocation - 1, Instant.now().plus(Duration.ofDays(3650)));
    assertThat(reactivated).isEqualTo(leaked.kid());
    new LeakedIssuerKeys(scenario).injectCredential(c, leaked, "sealed-with-the-leaked-key");

    assertRejectedByTheWallet(c.wallet(), c, leaked.kid(), 2);
    c.wallet().close();
  }

  @Test
  void walletRemembersTheHeadAcrossARestart_andSeesItRolledBackWhileItWasClosed() throws Exception {
    Scenario.Connected c = scenario.connect(scenario.env.newIssuer(), checkingWallet());
    String did = c.issuer().did();
    deliverAndReceive(c, "before", 1);
    long seenFirst = registry.headSequence(did);
    String pinnedKid = issuerCommunicationKid(c);
    long rotation = rotate(c, false);
    deliverAndReceive(c, "after-rotation", 2);
    Path dataDirectory = c.wallet().dataDirectory();
    c.wallet().close();

    // Back to the head the wallet verified at its first credential; the later events stay stored.
    registry.resetHead(did, seenFirst);
    assertThat(seenFirst).isLessThan(rotation);
    scenario.awaitDelivery(
        c.issuer(), scenario.issue(c.issuer(), c.gatewayConnectionId(), "rolled-back"), "SENT");

    try (HolderWallet reopened =
        scenario.env.reopenWallet(dataDirectory, b -> b.keyHistoryCheckInterval(Duration.ZERO))) {
      assertRejectedByTheWallet(reopened, c, pinnedKid, 2);
    }
  }

  @Test
  void gatewaySeesARevokedHolderKeyReactivatedByDeletingItsRevocation_andSealsNothingToIt()
      throws Exception {
    gatewaySeesAReactivatedHolderKey(true);
  }

  @Test
  void gatewaySeesTheHolderHeadRolledBackBehindARevocation_andSealsNothingToIt() throws Exception {
    gatewaySeesAReactivatedHolderKey(false);
  }

  /**
   * The holder's communication key is revoked by the registry operator (reported stolen); the
   * gateway verifies the log with that revocation and fails a delivery. Then the provider brings
   * the key back: its REVOKED event deleted (or merely hidden behind the older head) and the key
   * row ACTIVE again.
   */
  private void gatewaySeesAReactivatedHolderKey(boolean deleteTheRevocation) throws Exception {
    Scenario.Connected c = scenario.connect();
    String owner = c.connectorConnectionId();
    String holderKid = holderCommunicationKid(owner);
    registry.operatorRevoke(holderKid);
    long revocation = registry.headSequence(owner);
    assertThat(registry.eventType(owner, revocation)).isEqualTo("REVOKED");
    JsonNode refused =
        scenario.awaitDelivery(
            c.issuer(), scenario.issue(c.issuer(), c.gatewayConnectionId(), "revoked"), "FAILED");
    assertThat(refused.get("reason").asString()).contains("revoked");

    if (deleteTheRevocation) {
      registry.deleteEvent(owner, revocation);
    }
    registry.resetHead(owner, revocation - 1);
    registry.setRevokedAt(holderKid, null);
    JsonNode failed =
        scenario.awaitDelivery(
            c.issuer(),
            scenario.issue(c.issuer(), c.gatewayConnectionId(), "reactivated"),
            "FAILED");

    assertThat(failed.get("reason").asString())
        .startsWith("KEY_HISTORY_INVALID")
        .contains("DOES_NOT_EXTEND_PINNED_HEAD");
    JsonNode connection =
        scenario.awaitConnectionState(c.issuer(), c.gatewayConnectionId(), "KEY_HISTORY_INVALID");
    assertThat(connection.get("lastFailure").asString()).contains("DOES_NOT_EXTEND_PINNED_HEAD");
    assertThatThrownBy(() -> scenario.issue(c.issuer(), c.gatewayConnectionId(), "later"))
        .isInstanceOfSatisfying(
            GatewayRestClient.GatewayCallException.class,
            e -> assertThat(e.status()).isEqualTo(409));
    assertThat(scenario.storedMessages(owner))
        .as("messages sealed to the holder's keys")
        .map(KeySubstitutionTest::parse)
        .noneMatch(AtalaMessage::hasEncryptedMessage);
    c.wallet().close();
  }

  /** A wallet that verifies issuer key histories before every batch it receives. */
  private HolderWallet checkingWallet() {
    return scenario.env.newWallet(b -> b.keyHistoryCheckInterval(Duration.ZERO));
  }

  /**
   * Rotates the issuer's X25519 communication key; returns the sequence of the last event: ROTATED,
   * or with {@code revokeOldKey} the REVOKED event of the old key after it.
   */
  private long rotate(Scenario.Connected c, boolean revokeOldKey) throws SQLException {
    scenario.env.gateway.rotateCommunicationKey(c.issuer().apiKey(), revokeOldKey);
    long head = registry.headSequence(c.issuer().did());
    assertThat(registry.eventType(c.issuer().did(), head))
        .isEqualTo(revokeOldKey ? "REVOKED" : "ROTATED");
    return head;
  }

  private void deliverAndReceive(Scenario.Connected c, String marker, int credentials) {
    scenario.awaitDelivery(
        c.issuer(), scenario.issue(c.issuer(), c.gatewayConnectionId(), marker), "SENT");
    receiveUntil(c.wallet(), events -> c.wallet().credentials().size() >= credentials);
  }

  /**
   * The wallet reports the rejected history (an event naming the issuer, the sticky status of its
   * keys) and stores nothing new.
   */
  private static void assertRejectedByTheWallet(
      HolderWallet wallet, Scenario.Connected c, String affectedKid, int credentials) {
    List<WalletEvent> events =
        receiveUntil(
            wallet, e -> e.stream().anyMatch(WalletEvent.KeyHistoryRejected.class::isInstance));

    assertThat(events)
        .filteredOn(WalletEvent.KeyHistoryRejected.class::isInstance)
        .map(WalletEvent.KeyHistoryRejected.class::cast)
        .allSatisfy(
            rejected -> {
              assertThat(rejected.issuerDid()).isEqualTo(c.issuer().did());
              assertThat(rejected.connectionId()).isEqualTo(c.walletConnectionId());
              assertThat(rejected.detail()).contains("DOES_NOT_EXTEND_PINNED_HEAD");
            });
    assertThat(events).noneMatch(WalletEvent.CredentialReceived.class::isInstance);
    assertThat(wallet.credentials())
        .hasSize(credentials)
        .extracting(cred -> new String(cred.document(), StandardCharsets.UTF_8))
        .noneMatch(document -> document.contains("rewritten") || document.contains("rolled-back"))
        .noneMatch(document -> document.contains("leaked-key"));
    assertThat(wallet.keyHistory().cached(c.issuer().did(), affectedKid).status())
        .isEqualTo(KeyCheck.Status.HISTORY_REJECTED);
  }

  private static List<WalletEvent> receiveUntil(
      HolderWallet wallet, Predicate<List<WalletEvent>> done) {
    List<WalletEvent> events = new ArrayList<>();
    return Await.until(
        "the wallet's events",
        SharedSuite.ASYNC_TIMEOUT,
        () -> {
          wallet.receiveOnce(events::add);
          return events;
        },
        done);
  }

  private String issuerCommunicationKid(Scenario.Connected c) {
    return scenario
        .env
        .gateway
        .connection(c.issuer().apiKey(), c.gatewayConnectionId())
        .get("issuerCommunicationKeyId")
        .asString();
  }

  private String holderCommunicationKid(String connectorConnectionId) throws SQLException {
    try (var db = scenario.env.database();
        var select =
            db.prepareStatement(
                "SELECT key_id FROM key_registry.keys WHERE owner_id = ?"
                    + " AND usage = 'COMMUNICATION'")) {
      select.setString(1, connectorConnectionId);
      try (var rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getString(1);
      }
    }
  }
}
