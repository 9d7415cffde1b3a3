package org.credrelay.connector.connection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Freshly generated tokens, each with the INVITED connection it starts, in the same order. */
public record ConnectionTokens(List<String> tokens, List<UUID> connectionIds, Instant expiresAt) {}
