package org.credrelay.wallet.sdk;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.DeliveryReceipt;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.wallet.connector.ConnectorClient;
import org.credrelay.wallet.store.ConnectionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery receipts (docs/PROTOCOL.md §5.14): tells each issuer which of its credential messages
 * this wallet has saved, so that the issuer can report them DELIVERED. A credential is {@link
 * #noted} while it is processed, becomes ready once the state that holds it was {@link #saved}, and
 * is reported by {@link #sendSaved}: one receipt per connection and batch, authcrypted from the
 * connection's communication key to the issuer's pinned key (the relay cannot forge it).
 *
 * <p>Best effort: a receipt that cannot be sent is logged and dropped; the credential is saved
 * either way, and the issuer then simply never reports it DELIVERED. A credential delivered again
 * after a crash between saving and acknowledging is recognized before it is opened and gets no
 * second receipt.
 */
final class DeliveryReceipts {

  private static final Logger log = LoggerFactory.getLogger(DeliveryReceipts.class);

  /** At most this many ids per receipt (PROTOCOL.md §5.14). */
  static final int MAX_IDS = 100;

  /** The receipts of one connection: its record as last seen and the envelope ids. */
  private record Pending(ConnectionRecord connection, List<String> messageIds) {}

  private final ConnectorClient connector;
  private final Clock clock;
  private final EnvelopeSealer sealer;
  private final Map<String, Pending> noted = new LinkedHashMap<>();
  private final Map<String, Pending> ready = new LinkedHashMap<>();
  private final ParsedKeys keys;

  DeliveryReceipts(ConnectorClient connector, Clock clock, SecureRandom random, ParsedKeys keys) {
    this.connector = connector;
    this.clock = clock;
    this.sealer = new EnvelopeSealer(clock, random);
    this.keys = keys;
  }

  /**
   * {@code event} is the outcome of a credential message with envelope id {@code envelopeId} on
   * {@code connection}; a stored (or already held) credential is noted for a receipt.
   *
   * @return {@code event}
   */
  synchronized WalletEvent noted(
      ConnectionRecord connection, String envelopeId, WalletEvent event) {
    if (event instanceof WalletEvent.CredentialReceived
        || event instanceof WalletEvent.DuplicateIgnored) {
      add(noted, connection, List.of(envelopeId));
    }
    return event;
  }

  /** The state holding everything noted so far is saved: it may be reported now. */
  synchronized void saved() {
    noted.values().forEach(pending -> add(ready, pending.connection(), pending.messageIds()));
    noted.clear();
  }

  /** Sends a receipt for everything saved (without holding the wallet's state lock). */
  void sendSaved() {
    List<Pending> toSend;
    synchronized (this) {
      toSend = new ArrayList<>(ready.values());
      ready.clear();
    }
    for (Pending pending : toSend) {
      List<String> ids = pending.messageIds();
      for (int from = 0; from < ids.size(); from += MAX_IDS) {
        send(pending.connection(), ids.subList(from, Math.min(ids.size(), from + MAX_IDS)));
      }
    }
  }

  private void send(ConnectionRecord connection, List<String> messageIds) {
    // Derived from the ids, so a repeated receipt of the same batch is one message.
    String messageId =
        "delivery-receipt-"
            + UUID.nameUUIDFromBytes(String.join(",", messageIds).getBytes(StandardCharsets.UTF_8));
    try {
      KeyPairJwk own = keys.own(connection.communicationKey());
      PublicKeyJwk issuer = keys.peer(connection.issuerCommunicationKey());
      byte[] inner =
          AtalaMessage.newBuilder()
              .setDeliveryReceipt(
                  DeliveryReceipt.newBuilder()
                      .addAllMessageIds(messageIds)
                      .setStoredAtMillis(clock.millis()))
              .build()
              .toByteArray();
      byte[] envelope =
          sealer
              .seal(own, List.of(issuer), connection.connectorConnectionId(), messageId, inner)
              .bytes();
      connector.send(
          connection.connectorConnectionId(),
          AtalaMessage.newBuilder()
              .setEncryptedMessage(
                  EncryptedMessage.newBuilder()
                      .setKeyId(issuer.kid())
                      .setEncryptedContent(ByteString.copyFrom(envelope)))
              .build(),
          UUID.nameUUIDFromBytes(messageId.getBytes(StandardCharsets.UTF_8)).toString());
    } catch (StatusRuntimeException e) {
      log.info(
          "Delivery receipt for {} credential(s) on connection {} not sent ({}); the issuer will"
              + " not report them delivered",
          messageIds.size(),
          connection.connectionId(),
          Errors.describe(e.getStatus()));
    } catch (KeyRejectedException e) {
      throw new IllegalStateException(
          "stored keys of connection " + connection.connectionId() + " are invalid", e);
    }
  }

  private static void add(
      Map<String, Pending> into, ConnectionRecord connection, List<String> ids) {
    Pending pending =
        into.computeIfAbsent(
            connection.connectionId(), key -> new Pending(connection, new ArrayList<>()));
    pending.messageIds().addAll(ids);
    // The latest record of the connection seals the receipt.
    into.put(connection.connectionId(), new Pending(connection, pending.messageIds()));
  }
}
