/** Persistence of webhook endpoints and of the webhook outbox. */
package org.credrelay.issuergateway.webhook.store;
