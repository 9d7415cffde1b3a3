package org.credrelay.issuergateway.invitation.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.invitation.IssuedInvitation;
import org.credrelay.issuergateway.invitation.service.InvitationView;

/** An invitation. {@code uri} contains the invitation secret: show it only to the holder. */
public record InvitationResponse(
    @Schema(
            description =
                "Invitation id, drawn by the gateway; also the gateway's id of its connection. Not "
                    + "the connector's connection_id (see the connection's connectorConnectionId)")
        UUID id,
    @Schema(
            description =
                "The gateway's id of the connection made from it (= id, for /connections/{id}); "
                    + "not the connector's connection_id")
        UUID connectionId,
    String label,
    @Schema(
            description =
                "credrelay://invitation?... with token, secret, DID and expiry; null once "
                    + "the handshake completed, or the invitation was cancelled or expired (the secret is erased)")
        String uri,
    @Schema(
            description =
                "PENDING, COMPLETED (connection VERIFIED), CANCELLED, EXPIRED or FAILED "
                    + "(connection KEY_MISMATCH, KEY_HISTORY_INVALID or revoked)")
        String status,
    @Schema(description = "State of the connection") String connectionState,
    Instant expiresAt,
    Instant createdAt,
    Instant cancelledAt) {

  static InvitationResponse of(InvitationView view, Instant now) {
    IssuedInvitation invitation = view.invitation();
    return new InvitationResponse(
        invitation.id(),
        invitation.id(),
        invitation.label(),
        view.uri(),
        status(view, now),
        view.connectionState().name(),
        invitation.expiresAt(),
        invitation.createdAt(),
        invitation.cancelledAt());
  }

  private static String status(InvitationView view, Instant now) {
    if (view.invitation().cancelledAt() != null) {
      return "CANCELLED";
    }
    return switch (view.connectionState()) {
      case VERIFIED -> "COMPLETED";
      case EXPIRED -> "EXPIRED";
      case KEY_MISMATCH, KEY_HISTORY_INVALID, REVOKED -> "FAILED";
      case INVITED, ACCEPTED -> view.invitation().expired(now) ? "EXPIRED" : "PENDING";
    };
  }

  @Override
  public String toString() {
    return "InvitationResponse[" + id + ", uri redacted]";
  }
}
