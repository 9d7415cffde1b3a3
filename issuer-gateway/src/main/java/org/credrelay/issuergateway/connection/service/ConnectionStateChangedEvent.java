package org.credrelay.issuergateway.connection.service;

import java.util.UUID;
import org.credrelay.issuergateway.connection.ConnectionState;

/** A connection reached {@code state}; deliveries waiting on it should be looked at again. */
public record ConnectionStateChangedEvent(UUID connectionId, ConnectionState state) {}
