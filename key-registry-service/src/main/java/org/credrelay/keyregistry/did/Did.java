package org.credrelay.keyregistry.did;

import java.util.regex.Pattern;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;

/**
 * A syntactically valid DID (W3C DID Core §3.1, without path, query or fragment):
 *
 * <pre>
 * did                = "did:" method-name ":" method-specific-id
 * method-name        = 1*method-char
 * method-char        = %x61-7A / DIGIT
 * method-specific-id = *( *idchar ":" ) 1*idchar
 * idchar             = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded
 * pct-encoded        = "%" HEXDIG HEXDIG
 * </pre>
 *
 * At most {@value #MAX_LENGTH} characters. DIDs are compared as exact strings.
 */
public record Did(String value) {

  public static final int MAX_LENGTH = 512;

  private static final String IDCHAR = "(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})";
  // The alternatives of each repetition are disjoint (idchar vs ":"), so matching stays linear.
  private static final Pattern SYNTAX =
      Pattern.compile("did:[a-z0-9]+:(?:" + IDCHAR + "*:)*" + IDCHAR + "+");

  /** Parses a DID. @throws RegistryException INVALID_ARGUMENT / MALFORMED_DID */
  public static Did parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new RegistryException(Reason.MALFORMED_DID, "did is required");
    }
    if (text.length() > MAX_LENGTH) {
      throw new RegistryException(
          Reason.MALFORMED_DID, "did is longer than " + MAX_LENGTH + " characters");
    }
    if (!SYNTAX.matcher(text).matches()) {
      throw new RegistryException(
          Reason.MALFORMED_DID, "not a DID (did:<method>:<method-specific-id>, DID Core ABNF)");
    }
    return new Did(text);
  }

  public KeyOwner owner() {
    return new KeyOwner(OwnerType.DID, value);
  }

  /** True if {@code kid} is a DID URL of this DID with a fragment ({@code <did>#...}). */
  public boolean isOwnDidUrl(String kid) {
    return kid.length() > value.length() + 1
        && kid.startsWith(value)
        && kid.charAt(value.length()) == '#';
  }

  @Override
  public String toString() {
    return value;
  }
}
