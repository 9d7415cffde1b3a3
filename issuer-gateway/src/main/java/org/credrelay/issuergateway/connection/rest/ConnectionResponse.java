package org.credrelay.issuergateway.connection.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.keys.SafetyNumber;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionErrorCode;
import org.credrelay.issuergateway.connection.ConnectionState;

/**
 * A connection and, once VERIFIED, the keys each side has pinned and the safety number of the
 * handshake.
 */
public record ConnectionResponse(
    @Schema(
            description =
                "The gateway's connection id (= the invitation id), drawn by the gateway; not the "
                    + "connector's connection_id")
        UUID id,
    @Schema(
            description =
                "The connector's connection_id: assigned by the connector with the token, used in "
                    + "connector calls and as cr_cid in envelopes; differs from id")
        String connectorConnectionId,
    @Schema(description = ConnectionApiDocs.STATE) ConnectionState state,
    @Schema(description = "Holder authentication key id as reported by the connector")
        String holderKeyId,
    @Schema(
            description =
                "Pinned holder communication key id: the handshake's, or the latest one a verified "
                    + "holder rotation announcement named (VERIFIED only)")
        String pinnedCommunicationKeyId,
    @Schema(
            description =
                "The issuer communication key the holder has pinned as far as the gateway knows: "
                    + "the handshake reply's key, then the key of the latest key rotation "
                    + "announcement the connector acknowledged (VERIFIED only; null for connections "
                    + "verified before this was recorded)")
        String issuerCommunicationKeyId,
    @Schema(
            description =
                "Curve of the connection's communication keys: X25519 or P-256, the curve of the "
                    + "pinned holder key, on which the issuer seals and which an issuer "
                    + "communication-key rotation of that curve is announced to (VERIFIED only)")
        String communicationCurve,
    @Schema(
            description =
                "The issuer authentication key the holder has pinned as far as the gateway knows: "
                    + "the handshake reply's key, then the key of the latest authentication-key "
                    + "rotation announcement the connector acknowledged (VERIFIED only; null for "
                    + "connections verified before this was recorded)")
        String issuerAuthenticationKeyId,
    @Schema(description = "When the holder last rotated its communication key, or null")
        Instant holderKeyRotatedAt,
    @Schema(
            description =
                "60-digit safety number in groups of five, for comparing with the holder's "
                    + "wallet out of band (VERIFIED only)")
        String safetyNumber,
    @Schema(description = "How many holder handshake messages were refused") int handshakeFailures,
    @Schema(description = ConnectionApiDocs.LAST_ERROR_CODE) ConnectionErrorCode lastErrorCode,
    @Schema(description = "Reason of the last refused handshake or key check (human-readable)")
        String lastFailure,
    Instant createdAt,
    Instant acceptedAt,
    Instant verifiedAt,
    Instant closedAt,
    @Schema(description = "Last change of the connection") Instant updatedAt) {

  static ConnectionResponse of(Connection connection) {
    boolean verified = connection.state() == ConnectionState.VERIFIED;
    return new ConnectionResponse(
        connection.id(),
        connection.connectorConnectionId(),
        connection.state(),
        connection.holderKeyId(),
        verified ? connection.pinnedCommKid() : null,
        verified ? connection.issuerCommKid() : null,
        verified ? curve(connection.pinnedCommJwk()) : null,
        verified ? connection.issuerAuthKid() : null,
        connection.holderCommRotatedAt(),
        verified && connection.safetyNumber() != null
            ? new SafetyNumber(connection.safetyNumber()).grouped()
            : null,
        connection.handshakeFailures(),
        connection.lastErrorCode(),
        connection.lastFailure(),
        connection.createdAt(),
        connection.acceptedAt(),
        connection.verifiedAt(),
        connection.closedAt(),
        connection.updatedAt());
  }

  private static String curve(String pinnedCommunicationJwk) {
    try {
      return PublicKeyJwk.parse(pinnedCommunicationJwk, KeyUse.COMMUNICATION).curve().crv();
    } catch (KeyRejectedException | RuntimeException e) {
      return null;
    }
  }
}
