package org.credrelay.connector.push;

import java.util.UUID;

/**
 * One content-free wake-up handed to a {@link PushNotifier}: which device to wake and nothing else.
 * It deliberately carries no message content, sender, recipient, connection or message id: the
 * device learns what waits by opening its message stream.
 *
 * @param id random id of this wake-up, the same on every retry (a relay drops duplicates by it)
 * @param provider who delivers it
 * @param token the device token at the provider; never logged
 * @param attempt 1 for the first attempt, then 2, 3, ...
 */
public record WakeUp(UUID id, PushProvider provider, String token, int attempt) {

  @Override
  public String toString() {
    return "WakeUp[" + id + ", " + provider + ", attempt " + attempt + "]"; // no token in logs
  }
}
