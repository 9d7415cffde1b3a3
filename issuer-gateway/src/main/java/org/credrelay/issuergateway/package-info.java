/**
 * The issuer gateway: the issuer's own service. Issuer portals call its REST API; it talks gRPC to
 * the connector (untrusted relay) and the key registry as the issuer, holds the issuer's keys
 * encrypted at rest, runs the out-of-band handshake and delivers credentials through a
 * transactional outbox.
 */
package org.credrelay.issuergateway;
