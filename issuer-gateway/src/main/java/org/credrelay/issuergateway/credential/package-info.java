/** Issuing credentials: validation, idempotency and acceptance into the outbox. */
package org.credrelay.issuergateway.credential;
