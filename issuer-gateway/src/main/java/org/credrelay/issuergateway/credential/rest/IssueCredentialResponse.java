package org.credrelay.issuergateway.credential.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.delivery.Delivery;

/** The delivery a credential was accepted as; poll GET /api/v1/deliveries/{deliveryId}. */
public record IssueCredentialResponse(
    @Schema(description = "Delivery id; committed before this response was sent") UUID deliveryId,
    @Schema(description = "Credential id as the holder will see it") UUID credentialId,
    UUID connectionId,
    @Schema(description = "Status now: ACCEPTED, WAITING_FOR_HANDSHAKE, SENT or FAILED")
        String status,
    Instant acceptedAt) {

  static IssueCredentialResponse of(Delivery delivery) {
    return new IssueCredentialResponse(
        delivery.id(),
        delivery.credentialId(),
        delivery.connectionId(),
        delivery.status().name(),
        delivery.createdAt());
  }
}
