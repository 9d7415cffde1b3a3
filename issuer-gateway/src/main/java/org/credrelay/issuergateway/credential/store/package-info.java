/** Persistence of credential revocations (the outbox rows belong to the delivery feature). */
package org.credrelay.issuergateway.credential.store;
