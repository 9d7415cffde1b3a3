package org.credrelay.issuergateway.connection;

/**
 * The holder keys the handshake proved, as public JWK JSON, with the safety number over all four
 * keys of the connection.
 */
public record PinnedHolderKeys(
    String authenticationJwk,
    String communicationJwk,
    String communicationKid,
    String safetyNumber) {}
