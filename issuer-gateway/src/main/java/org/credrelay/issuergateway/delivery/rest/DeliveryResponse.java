package org.credrelay.issuergateway.delivery.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryFailureCode;
import org.credrelay.issuergateway.delivery.DeliveryStatus;

/** Delivery status of one credential (never its content). */
public record DeliveryResponse(
    @Schema(description = "Delivery id (also the connector client_message_id)") UUID deliveryId,
    @Schema(description = "Credential id as sent to the holder (kept by a resend)")
        UUID credentialId,
    UUID connectionId,
    @Schema(description = DeliveryApiDocs.STATUS) DeliveryStatus status,
    @Schema(description = "Why it FAILED or EXPIRED, or why the last attempt did not succeed")
        String reason,
    @Schema(description = DeliveryApiDocs.FAILURE_CODE) DeliveryFailureCode failureCode,
    @Schema(description = "Attempts so far") int attempts,
    @Schema(description = "Next attempt (unfinished deliveries)") Instant nextAttemptAt,
    @Schema(description = "Message id the connector acknowledged with") String connectorMessageId,
    @Schema(description = "Holder key id the credential was encrypted to") String recipientKeyId,
    Instant acceptedAt,
    Instant sentAt,
    @Schema(description = "When it reached SENT, FAILED or EXPIRED") Instant finishedAt,
    @Schema(
            description =
                "When the holder's wallet confirmed in a sealed receipt that it saved the"
                    + " credential (status DELIVERED); null without a receipt")
        Instant deliveredAt,
    @Schema(description = "An unfinished delivery becomes EXPIRED at this time") Instant deadlineAt,
    @Schema(description = "The FAILED or EXPIRED delivery this one re-issues") UUID resendOf,
    @Schema(description = "True once the encrypted copy of the credential was erased")
        boolean contentErased) {

  public static DeliveryResponse of(Delivery delivery) {
    boolean finished = delivery.status().finished();
    boolean sent = delivery.status().handedOver();
    return new DeliveryResponse(
        delivery.id(),
        delivery.credentialId(),
        delivery.connectionId(),
        delivery.status(),
        sent ? null : delivery.failureReason(),
        sent ? null : delivery.failureCode(),
        delivery.attempts(),
        finished ? null : delivery.nextAttemptAt(),
        delivery.connectorMessageId(),
        delivery.recipientKeyId(),
        delivery.createdAt(),
        delivery.sentAt(),
        delivery.finishedAt(),
        delivery.deliveredAt(),
        delivery.deadlineAt(),
        delivery.resendOf(),
        delivery.payloadErased());
  }
}
