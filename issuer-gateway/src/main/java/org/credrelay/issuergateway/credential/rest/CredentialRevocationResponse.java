package org.credrelay.issuergateway.credential.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.credential.service.RevocationOutcome;
import org.credrelay.issuergateway.delivery.Delivery;

/** A revoked credential and where its notice to the holder stands. */
public record CredentialRevocationResponse(
    UUID credentialId,
    @Schema(description = "The connection the credential was delivered on; the notice goes there")
        UUID connectionId,
    @Schema(description = "The delivery that brought the credential to the holder")
        UUID credentialDeliveryId,
    @Schema(description = "As sent to the holder; empty if none was given") String reason,
    Instant revokedAt,
    Notice notice) {

  /** The revocation notice: a delivery of its own, sealed like a credential. */
  public record Notice(
      UUID deliveryId,
      @Schema(description = "ACCEPTED, WAITING_FOR_HANDSHAKE, SENT or FAILED") String status,
      @Schema(description = "Why it failed, or why the last attempt did not succeed") String reason,
      int attempts,
      @Schema(description = "When the connector acknowledged it; null until SENT") Instant sentAt) {

    static Notice of(Delivery notice) {
      return new Notice(
          notice.id(),
          notice.status().name(),
          notice.failureReason(),
          notice.attempts(),
          notice.sentAt());
    }
  }

  static CredentialRevocationResponse of(RevocationOutcome outcome) {
    var revocation = outcome.revocation();
    return new CredentialRevocationResponse(
        revocation.credentialId(),
        revocation.connectionId(),
        revocation.credentialDeliveryId(),
        revocation.reason(),
        revocation.revokedAt(),
        Notice.of(outcome.notice()));
  }
}
