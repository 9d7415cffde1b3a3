package org.credrelay.e2ecrypto.handshake;

import java.nio.charset.StandardCharsets;

/**
 * The per-direction HS256 keys (PROTOCOL.md section 4.2):
 *
 * <pre>
 * key = HKDF-SHA256(IKM  = invitation secret,
 *                   salt = ASCII("credrelay-handshake-v1"),
 *                   info = ASCII("credrelay-handshake-v1/" || direction || "/" || token hash),
 *                   L    = 32)
 * </pre>
 *
 * The token hash in the info ties each key to one connection; the direction separates the keys so
 * that reflecting a JWT fails the MAC.
 */
final class HandshakeKeys {

  static final String SALT = "credrelay-handshake-v1";

  private HandshakeKeys() {}

  static byte[] macKey(Invitation invitation, Direction direction) {
    return Hkdf.sha256(
        invitation.secret(),
        SALT.getBytes(StandardCharsets.US_ASCII),
        info(invitation, direction).getBytes(StandardCharsets.US_ASCII),
        HmacSha256.KEY_BYTES);
  }

  /** The HKDF info; package-private so that the published test vectors can show it. */
  static String info(Invitation invitation, Direction direction) {
    return SALT + "/" + direction.label() + "/" + invitation.tokenHash();
  }
}
