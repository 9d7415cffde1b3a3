package org.credrelay.issuergateway.connection;

import java.time.Instant;
import java.util.UUID;

/**
 * A connection with the holder keys pinned by the handshake (public JWK JSON; null until VERIFIED).
 *
 * @param connectorConnectionId the connector's id, used on the wire
 * @param holderKeyId the holder's authentication kid as the connector reports it
 * @param issuerCommKid the issuer communication key the holder has pinned as far as the gateway
 *     knows (the handshake reply's key, then the key of the latest acknowledged rotation
 *     announcement); null before VERIFIED and for connections verified before it was recorded
 * @param holderCommRotatedAt when the holder's communication key was last re-pinned after a
 *     verified holder rotation announcement, or null
 * @param issuerAuthKid the issuer authentication key the holder has pinned as far as the gateway
 *     knows (the handshake reply's key, then the key of the latest acknowledged authentication-key
 *     rotation announcement); null before VERIFIED and for connections verified before it was
 *     recorded
 * @param lastErrorCode the code of {@code lastFailure}, or of the closed state; null if none
 */
public record Connection(
    UUID id,
    UUID tenantId,
    String connectorConnectionId,
    ConnectionState state,
    String holderKeyId,
    String pinnedAuthJwk,
    String pinnedCommJwk,
    String pinnedCommKid,
    String safetyNumber,
    int handshakeFailures,
    String lastFailure,
    Instant createdAt,
    Instant acceptedAt,
    Instant verifiedAt,
    Instant closedAt,
    Instant updatedAt,
    String issuerCommKid,
    Instant holderCommRotatedAt,
    String issuerAuthKid,
    ConnectionErrorCode lastErrorCode) {}
