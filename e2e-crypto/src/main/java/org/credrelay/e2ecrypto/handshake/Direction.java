package org.credrelay.e2ecrypto.handshake;

import java.util.Set;

/**
 * The two handshake messages. Each direction has its own MAC key, {@code typ} and {@code cr_dir}
 * value, so a JWT cannot be reflected back to its sender as if the peer had sent it.
 */
public enum Direction {
  /** The holder's JWT to the issuer. */
  HOLDER_TO_ISSUER("holder-to-issuer", "credrelay-handshake-holder+jwt"),
  /** The issuer's JWT to the holder. */
  ISSUER_TO_HOLDER("issuer-to-holder", "credrelay-handshake-issuer+jwt");

  private final String label;
  private final String typ;

  Direction(String label, String typ) {
    this.label = label;
    this.typ = typ;
  }

  /** The value of the {@code cr_dir} claim and part of the HKDF info. */
  public String label() {
    return label;
  }

  /** The JOSE header {@code typ}. */
  public String typ() {
    return typ;
  }

  /**
   * Every claim a JWT of this direction carries, all required; any other claim is refused
   * (PROTOCOL.md section 4.3), so nothing unauthenticated by the checks can ride along.
   */
  Set<String> claims() {
    return this == HOLDER_TO_ISSUER ? HandshakeClaims.HOLDER_CLAIMS : HandshakeClaims.ISSUER_CLAIMS;
  }

  Direction opposite() {
    return this == HOLDER_TO_ISSUER ? ISSUER_TO_HOLDER : HOLDER_TO_ISSUER;
  }
}
