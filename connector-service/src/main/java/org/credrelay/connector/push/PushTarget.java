package org.credrelay.connector.push;

/**
 * Where a device of a recipient is woken up.
 *
 * @param recipientId the caller that registered it (participant DID or holder key id)
 * @param deviceId the caller's own name for the device
 * @param provider who delivers the wake-up
 * @param token opaque device token at the provider; never logged
 */
public record PushTarget(String recipientId, String deviceId, PushProvider provider, String token) {

  @Override
  public String toString() {
    return "PushTarget[" + deviceId + ", " + provider + "]"; // no token in logs
  }
}
