package org.credrelay.issuergateway.stream.service;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.UUID;
import org.credrelay.issuergateway.connection.service.KeyMismatchRecorder;
import org.credrelay.issuergateway.delivery.service.DeliveryReceiptManager;
import org.credrelay.issuergateway.handshake.service.HandshakeManager;
import org.credrelay.issuergateway.keyrotation.service.HolderKeyRotationManager;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Routes one message from a holder. Handshake messages go to the {@link HandshakeManager};
 * encrypted messages to the {@link HolderKeyRotationManager}, which opens them with the pinned
 * holder key and handles an announcement; an opened delivery receipt goes to the {@link
 * DeliveryReceiptManager}; an error with code KEY_MISMATCH closes the connection as KEY_MISMATCH
 * ({@link KeyMismatchRecorder}); other errors are logged; other kinds are logged (kind and size
 * only) and skipped. Returning normally means "processed, advance the cursor"; a thrown {@link
 * io.grpc.StatusRuntimeException} means "transient, retry after reconnecting".
 */
@Component
public class IncomingMessageHandler {

  private static final Logger LOG = LoggerFactory.getLogger(IncomingMessageHandler.class);

  private static final String KEY_MISMATCH = "KEY_MISMATCH";

  private final HandshakeManager handshakes;
  private final KeyMismatchRecorder keyMismatches;
  private final HolderKeyRotationManager holderKeyRotations;
  private final DeliveryReceiptManager receipts;

  public IncomingMessageHandler(
      HandshakeManager handshakes,
      KeyMismatchRecorder keyMismatches,
      HolderKeyRotationManager holderKeyRotations,
      DeliveryReceiptManager receipts) {
    this.handshakes = handshakes;
    this.keyMismatches = keyMismatches;
    this.holderKeyRotations = holderKeyRotations;
    this.receipts = receipts;
  }

  public void handle(UUID tenantId, ReceivedMessage received) {
    AtalaMessage message;
    try {
      message = AtalaMessage.parseFrom(received.getMessage());
    } catch (InvalidProtocolBufferException e) {
      LOG.warn(
          "undecodable message {} ({} bytes) for tenant {} skipped",
          received.getId(),
          received.getMessage().size(),
          tenantId);
      return;
    }
    switch (message.getMessageCase()) {
      case HANDSHAKE_MESSAGE ->
          handshakes.onHandshakeMessage(
              tenantId, received.getConnectionId(), message.getHandshakeMessage());
      case ERROR -> onError(tenantId, received, message.getError().getCode());
      case ENCRYPTED_MESSAGE -> onEncrypted(tenantId, received, message);
      default ->
          LOG.info(
              "message {} of kind {} ({} bytes) for tenant {} not handled",
              received.getId(),
              message.getMessageCase(),
              received.getMessage().size(),
              tenantId);
    }
  }

  /** Opened (with the pinned holder key) by the rotation manager; a receipt goes on from there. */
  private void onEncrypted(UUID tenantId, ReceivedMessage received, AtalaMessage message) {
    HolderKeyRotationManager.Outcome outcome =
        holderKeyRotations.onEncryptedMessage(
            tenantId, received.getConnectionId(), message.getEncryptedMessage());
    if (outcome instanceof HolderKeyRotationManager.Outcome.OtherContent other) {
      if (other.content().hasDeliveryReceipt()) {
        receipts.onReceipt(other.connection(), other.content().getDeliveryReceipt());
      } else {
        LOG.info(
            "encrypted {} from the holder on connection {} not handled",
            other.content().getMessageCase(),
            other.connection().id());
      }
    }
  }

  private void onError(UUID tenantId, ReceivedMessage received, String code) {
    LOG.warn(
        "holder on connector connection {} reported {}",
        received.getConnectionId(),
        sanitize(code));
    if (KEY_MISMATCH.equals(code)) {
      keyMismatches.recordHolderReport(tenantId, received.getConnectionId());
    }
  }

  private static String sanitize(String code) {
    String bounded = code.length() > 64 ? code.substring(0, 64) : code;
    return bounded.replaceAll("[^A-Za-z0-9_.-]", "?");
  }
}
