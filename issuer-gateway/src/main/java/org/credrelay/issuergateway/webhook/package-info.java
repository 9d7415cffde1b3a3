/**
 * Tenant webhooks: endpoints with an event-type filter, a transactional outbox written with each
 * delivery or connection state change, and a worker that posts the events (Standard Webhooks
 * headers and HMAC-SHA256 signature) at least once, in order per subject.
 */
package org.credrelay.issuergateway.webhook;
