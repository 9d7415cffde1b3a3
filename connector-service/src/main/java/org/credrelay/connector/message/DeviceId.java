package org.credrelay.connector.message;

import java.util.regex.Pattern;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;

/**
 * A recipient's own name for one of its devices (docs/PROTOCOL.md §5.9 "Devices"): 1..64 characters
 * of [A-Za-z0-9._-], the same names as push targets use. Each device acknowledges for itself.
 */
public record DeviceId(String value) {

  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public DeviceId {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw new ConnectorException(
          ErrorReason.INVALID_DEVICE_ID, "device_id is not 1..64 characters of [A-Za-z0-9._-]");
    }
  }

  /** The device named by an optional request field; null for an empty field (no device). */
  public static DeviceId optional(String value) {
    return value == null || value.isEmpty() ? null : new DeviceId(value);
  }
}
