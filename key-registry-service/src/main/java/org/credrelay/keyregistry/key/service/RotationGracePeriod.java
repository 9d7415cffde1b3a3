package org.credrelay.keyregistry.key.service;

import java.time.Duration;
import org.credrelay.keyregistry.config.RotationProperties;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;

/**
 * The grace period of a rotation (RotateDidKey, RotateConnectionKey): the requested seconds, 0 =
 * {@code keyregistry.rotation.default-grace-period}, at most {@code max-grace-period}.
 */
public final class RotationGracePeriod {

  private RotationGracePeriod() {}

  /**
   * @throws RegistryException INVALID_GRACE_PERIOD if negative or over the maximum
   */
  public static Duration of(long requestedSeconds, RotationProperties rotation) {
    if (requestedSeconds < 0) {
      throw new RegistryException(
          Reason.INVALID_GRACE_PERIOD, "grace_period_seconds must not be negative");
    }
    Duration grace =
        requestedSeconds == 0
            ? rotation.defaultGracePeriod()
            : Duration.ofSeconds(requestedSeconds);
    if (grace.compareTo(rotation.maxGracePeriod()) > 0) {
      throw new RegistryException(
          Reason.INVALID_GRACE_PERIOD,
          "grace_period_seconds must not exceed " + rotation.maxGracePeriod().toSeconds());
    }
    return grace;
  }
}
