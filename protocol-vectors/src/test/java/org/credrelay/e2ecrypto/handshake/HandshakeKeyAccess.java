package org.credrelay.e2ecrypto.handshake;

/**
 * Test-only access to the package-private HKDF of PROTOCOL.md §4.2, for the published vectors: the
 * vectors show the MAC keys the handshake really uses, not a second implementation of them.
 */
public final class HandshakeKeyAccess {

  private HandshakeKeyAccess() {}

  /** The HKDF salt. */
  public static String salt() {
    return HandshakeKeys.SALT;
  }

  /** The HKDF info for one direction of {@code invitation}. */
  public static String info(Invitation invitation, Direction direction) {
    return HandshakeKeys.info(invitation, direction);
  }

  /** The 32-byte HS256 key of one direction of {@code invitation}. */
  public static byte[] macKey(Invitation invitation, Direction direction) {
    return HandshakeKeys.macKey(invitation, direction);
  }
}
