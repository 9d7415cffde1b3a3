/**
 * gRPC clients of the connector and the key registry, signing every mutating call as the tenant.
 * Everything they return comes from an untrusted party and is validated by the callers.
 */
package org.credrelay.issuergateway.connectorclient;
