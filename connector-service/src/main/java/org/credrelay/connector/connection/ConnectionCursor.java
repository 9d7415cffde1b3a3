package org.credrelay.connector.connection;

import java.time.Instant;
import java.util.UUID;

/** Keyset pagination position: the (created_at, id) of the last connection of a page. */
public record ConnectionCursor(Instant createdAt, UUID id) {}
