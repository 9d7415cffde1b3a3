package org.credrelay.keyregistry.key;

import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;

/** Syntax of a kid given as a lookup argument: 1-256 visible ASCII characters (no spaces). */
public final class KeyIds {

  public static final int MAX_LENGTH = 256;

  private KeyIds() {}

  /**
   * Returns {@code kid} if well-formed. @throws RegistryException INVALID_ARGUMENT /
   * MALFORMED_KEY_ID
   */
  public static String requireWellFormed(String kid, String field) {
    if (kid == null || kid.isEmpty() || kid.length() > MAX_LENGTH || !visibleAscii(kid)) {
      throw new RegistryException(
          Reason.MALFORMED_KEY_ID,
          field + " must be 1-" + MAX_LENGTH + " visible ASCII characters");
    }
    return kid;
  }

  private static boolean visibleAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
