/**
 * Invitations: connection token from the connector + a 256-bit secret drawn here, as URI and QR
 * code.
 */
package org.credrelay.issuergateway.invitation;
