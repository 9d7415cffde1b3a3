package org.credrelay.connector.message;

import java.time.Instant;
import java.util.UUID;

/** A position in a recipient's delivery order: the (received_at, id) of the last message seen. */
public record MessageCursor(Instant receivedAt, UUID id) {}
