package org.credrelay.issuergateway.connectorclient;

import java.time.Instant;

/** A token the connector generated, the connection it starts and when the token expires. */
public record NewConnectionToken(String token, String connectionId, Instant expiresAt) {}
