package org.credrelay.e2ecrypto.handshake;

/**
 * The issuer's handshake message and what the issuer pins.
 *
 * @param jwt the compact HS256 JWT to send to the holder
 * @param holderKeys the holder's keys as the issuer pins them
 */
public record IssuerReply(String jwt, PinnedKeys holderKeys) {}
