package org.credrelay.issuergateway.delivery.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryStatus;

/** Delivery status of one credential (never its content). */
public record DeliveryResponse(
    @Schema(description = "Delivery id (also the connector client_message_id)") UUID deliveryId,
    @Schema(description = "Credential id as sent to the holder") UUID credentialId,
    UUID connectionId,
    @Schema(description = "ACCEPTED, WAITING_FOR_HANDSHAKE, SENT or FAILED") String status,
    @Schema(description = "Why it FAILED, or why the last attempt did not succeed") String reason,
    @Schema(description = "Attempts so far") int attempts,
    @Schema(description = "Next attempt (unfinished deliveries)") Instant nextAttemptAt,
    @Schema(description = "Message id the connector acknowledged with") String connectorMessageId,
    @Schema(description = "Holder key id the credential was encrypted to") String recipientKeyId,
    Instant acceptedAt,
    Instant sentAt,
    @Schema(description = "True once the encrypted copy of the credential was erased")
        boolean contentErased) {

  public static DeliveryResponse of(Delivery delivery) {
    boolean finished = delivery.status().finished();
    return new DeliveryResponse(
        delivery.id(),
        delivery.credentialId(),
        delivery.connectionId(),
        delivery.status().name(),
        delivery.status() == DeliveryStatus.SENT ? null : delivery.failureReason(),
        delivery.attempts(),
        finished ? null : delivery.nextAttemptAt(),
        delivery.connectorMessageId(),
        delivery.recipientKeyId(),
        delivery.createdAt(),
        delivery.sentAt(),
        delivery.payloadErased());
  }
}
