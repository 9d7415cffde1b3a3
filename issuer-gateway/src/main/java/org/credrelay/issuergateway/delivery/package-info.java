/**
 * The transactional outbox and its worker: accepted credentials are sealed to the pinned holder key
 * and sent with retries until the connector acknowledges them, exactly once.
 */
package org.credrelay.issuergateway.delivery;
