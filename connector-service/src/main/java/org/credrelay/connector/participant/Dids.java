package org.credrelay.connector.participant;

import java.util.regex.Pattern;

/** DID syntax (W3C DID Core §3.1): {@code did:<method>:<method-specific-id>}, at most 512 chars. */
public final class Dids {

  public static final int MAX_LENGTH = 512;
  private static final String ID_CHAR = "(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})";
  private static final Pattern DID =
      Pattern.compile("did:[a-z0-9]+:(?:" + ID_CHAR + "*:)*" + ID_CHAR + "+");

  private Dids() {}

  public static boolean isValid(String did) {
    return did != null && did.length() <= MAX_LENGTH && DID.matcher(did).matches();
  }
}
