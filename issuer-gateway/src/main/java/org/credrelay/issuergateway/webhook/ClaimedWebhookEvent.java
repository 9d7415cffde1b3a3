package org.credrelay.issuergateway.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * An outbox row a worker holds the lease of.
 *
 * @param payload the exact JSON body to post
 * @param attempts including this one
 */
public record ClaimedWebhookEvent(
    UUID id, UUID endpointId, String eventType, String payload, int attempts, Instant createdAt) {}
