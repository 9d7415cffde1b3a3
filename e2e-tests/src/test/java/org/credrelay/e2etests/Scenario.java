package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.launcher.GatewayRestClient;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletEvent;
import tools.jackson.databind.JsonNode;

/** Steps shared by the end-to-end tests, each through the real public APIs. */
final class Scenario {

  final SharedSuite env = SharedSuite.get();

  /** An issuer and a wallet with a VERIFIED connection between them. */
  record Connected(
      GatewayRestClient.Tenant issuer,
      HolderWallet wallet,
      String gatewayConnectionId,
      String connectorConnectionId,
      String walletConnectionId) {}

  Connected connect() {
    return connect(env.newIssuer(), env.newWallet());
  }

  Connected connect(GatewayRestClient.Tenant issuer, HolderWallet wallet) {
    JsonNode invitation = env.gateway.createInvitation(issuer.apiKey(), "e2e");
    String gatewayConnectionId = invitation.get("id").asString();
    var accepted = wallet.accept(invitation.get("uri").asString());
    JsonNode connection = awaitConnectionState(issuer, gatewayConnectionId, "VERIFIED");
    return new Connected(
        issuer,
        wallet,
        gatewayConnectionId,
        connection.get("connectorConnectionId").asString(),
        accepted.connectionId());
  }

  JsonNode awaitConnectionState(
      GatewayRestClient.Tenant issuer, String connectionId, String state) {
    return Await.until(
        "connection " + connectionId + " " + state,
        SharedSuite.ASYNC_TIMEOUT,
        () -> env.gateway.connection(issuer.apiKey(), connectionId),
        c -> state.equals(c.get("state").asString()));
  }

  /** Issues a credential whose subject carries {@code marker}; returns the delivery id. */
  String issue(GatewayRestClient.Tenant issuer, String connectionId, String marker) {
    JsonNode credential =
        env.gateway.parse(
            """
        {"@context":["https://www.w3.org/ns/credentials/v2"],
         "type":["VerifiableCredential","E2eCredential"],
         "credentialSubject":{"marker":"%s"}}"""
                .formatted(marker));
    return env.gateway
        .issueCredential(issuer.apiKey(), connectionId, credential, UUID.randomUUID().toString())
        .get("deliveryId")
        .asString();
  }

  JsonNode awaitDelivery(GatewayRestClient.Tenant issuer, String deliveryId, String status) {
    return Await.until(
        "delivery " + deliveryId + " " + status,
        SharedSuite.ASYNC_TIMEOUT,
        () -> env.gateway.delivery(issuer.apiKey(), deliveryId),
        d -> reached(status, d.get("status").asString()));
  }

  /**
   * Whether a delivery in {@code actual} has reached {@code expected}. SENT is also reached by
   * DELIVERED: a wallet that streams may save the credential and send its receipt before the poll
   * sees SENT (PROTOCOL.md 5.14).
   */
  static boolean reached(String expected, String actual) {
    return expected.equals(actual) || ("SENT".equals(expected) && "DELIVERED".equals(actual));
  }

  /** A local webhook receiver registered for every event of {@code issuer} from now on. */
  WebhookReceiver webhooks(GatewayRestClient.Tenant issuer) {
    WebhookReceiver receiver = new WebhookReceiver();
    JsonNode endpoint = env.gateway.createWebhook(issuer.apiKey(), receiver.url());
    receiver.registered(
        endpoint.get("webhook").get("id").asString(), endpoint.get("secret").asString());
    return receiver;
  }

  /** Waits until {@code receiver} has accepted the event types in this order for a delivery. */
  List<WebhookReceiver.Event> awaitDeliveryEvents(
      WebhookReceiver receiver, String deliveryId, String... types) {
    return Await.until(
        "webhook events " + List.of(types) + " of delivery " + deliveryId,
        SharedSuite.ASYNC_TIMEOUT,
        () -> receiver.events().stream().filter(e -> deliveryId.equals(e.deliveryId())).toList(),
        events -> events.size() >= types.length);
  }

  /** Everything the wallet does with what is waiting for it now. */
  List<WalletEvent> receive(HolderWallet wallet) {
    List<WalletEvent> events = new ArrayList<>();
    wallet.receiveOnce(events::add);
    return events;
  }

  /** Receives until a credential arrives (the delivery was acknowledged, so it is stored). */
  List<WalletEvent> receiveCredential(HolderWallet wallet) {
    List<WalletEvent> events = new ArrayList<>();
    Await.until(
        "a credential in the wallet",
        SharedSuite.ASYNC_TIMEOUT,
        () -> {
          wallet.receiveOnce(events::add);
          return events;
        },
        e -> e.stream().anyMatch(WalletEvent.CredentialReceived.class::isInstance));
    return events;
  }

  /**
   * The attacker writes a message straight into the connector's database (it controls it),
   * addressed to the holder of {@code connectorConnectionId}, as if the issuer had sent it.
   */
  void injectToHolder(String connectorConnectionId, byte[] atalaMessage) throws SQLException {
    inject(connectorConnectionId, atalaMessage, "c.participant_did, c.holder_key_id");
  }

  /**
   * The attacker writes a message straight into the connector's database, addressed to the issuer
   * of {@code connectorConnectionId} as if the holder had sent it, and wakes the issuer's stream
   * the way the connector's own inserts do.
   */
  void injectToIssuer(String connectorConnectionId, byte[] atalaMessage) throws SQLException {
    inject(connectorConnectionId, atalaMessage, "c.holder_key_id, c.participant_did");
    try (Connection db = env.database();
        PreparedStatement notify =
            db.prepareStatement(
                "SELECT pg_notify('connector_messages', participant_did)"
                    + " FROM connector.connections WHERE id = ?")) {
      notify.setObject(1, UUID.fromString(connectorConnectionId));
      notify.execute();
    }
  }

  /** Inserts a message on the connection; {@code senderAndRecipient}: two columns of {@code c}. */
  private void inject(String connectorConnectionId, byte[] atalaMessage, String senderAndRecipient)
      throws SQLException {
    try (Connection db = env.database();
        PreparedStatement insert =
            db.prepareStatement(
                """
            INSERT INTO connector.messages
              (id, connection_id, sender_id, recipient_id, received_at, content, content_sha256)
            SELECT ?, c.id, %s,
                   clock_timestamp() + interval '1 second', ?, ?
            FROM connector.connections c WHERE c.id = ?"""
                    .formatted(senderAndRecipient))) {
      insert.setObject(1, UUID.randomUUID());
      insert.setBytes(2, atalaMessage);
      insert.setBytes(3, sha256(atalaMessage));
      insert.setObject(4, UUID.fromString(connectorConnectionId));
      assertThat(insert.executeUpdate()).as("injected rows").isEqualTo(1);
    }
  }

  /** The stored bytes of every message on a connection, oldest first. */
  List<byte[]> storedMessages(String connectorConnectionId) throws SQLException {
    return storedMessages(connectorConnectionId, "%");
  }

  /**
   * The messages of a connection that {@code senderId} (the issuer's DID) sent ({@code %}: all).
   */
  List<byte[]> storedMessages(String connectorConnectionId, String senderId) throws SQLException {
    List<byte[]> messages = new ArrayList<>();
    try (Connection db = env.database();
        PreparedStatement select =
            db.prepareStatement(
                "SELECT content FROM connector.messages WHERE connection_id = ? AND sender_id LIKE ?"
                    + " ORDER BY received_at, id")) {
      select.setObject(1, UUID.fromString(connectorConnectionId));
      select.setString(2, senderId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          messages.add(rows.getBytes(1));
        }
      }
    }
    return messages;
  }

  /** The holder's public communication key as the key registry stores it for a connection. */
  String holderCommunicationJwk(String connectorConnectionId) throws SQLException {
    try (Connection db = env.database();
        PreparedStatement select =
            db.prepareStatement(
                """
            SELECT public_jwk FROM key_registry.keys
            WHERE owner_id = ? AND usage = 'COMMUNICATION' ORDER BY created_at LIMIT 1""")) {
      select.setString(1, connectorConnectionId);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).as("holder key registered for " + connectorConnectionId).isTrue();
        return rows.getString(1);
      }
    }
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
