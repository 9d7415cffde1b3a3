/**
 * The issuer's side of the out-of-band handshake (S3, S4): verify the holder's JWT with the
 * invitation secret, pin the holder's keys, answer with the issuer's JWT.
 */
package org.credrelay.issuergateway.handshake;
