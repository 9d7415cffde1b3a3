package org.credrelay.keyregistry.connection;

import java.util.regex.Pattern;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;

/**
 * A connector connection id: 1-128 URL-safe characters (RFC 3986 unreserved: letters, digits,
 * {@code - . _ ~}). The connector uses UUID text.
 */
public record ConnectionId(String value) {

  public static final int MAX_LENGTH = 128;
  private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9._~-]{1," + MAX_LENGTH + "}");

  /**
   * Parses a connection id. @throws RegistryException INVALID_ARGUMENT / MALFORMED_CONNECTION_ID
   */
  public static ConnectionId parse(String text) {
    if (text == null || !SYNTAX.matcher(text).matches()) {
      throw new RegistryException(
          Reason.MALFORMED_CONNECTION_ID,
          "connection id must be 1-" + MAX_LENGTH + " characters of [A-Za-z0-9._~-]");
    }
    return new ConnectionId(text);
  }

  public KeyOwner owner() {
    return new KeyOwner(OwnerType.CONNECTION, value);
  }

  @Override
  public String toString() {
    return value;
  }
}
