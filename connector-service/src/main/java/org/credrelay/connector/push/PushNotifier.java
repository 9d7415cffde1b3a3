package org.credrelay.connector.push;

import java.util.Set;

/**
 * Delivers content-free wake-ups to devices: the pluggable part of push wake-up. The connector's
 * default is {@code relay.HttpPushRelayNotifier}, which posts a signed JSON to one HTTP push relay
 * for every provider. Adapters that talk to FCM (HTTP v1 API) or APNs (HTTP/2 with a provider
 * token) directly implement this interface for their provider (docs/CONNECTOR.md "Push wake-up").
 *
 * <p>Called from the dispatch job's thread, one wake-up at a time; an implementation must bound its
 * own time (a timeout) and must not throw for delivery failures: it answers {@link Outcome#RETRY}
 * instead.
 */
public interface PushNotifier {

  /** The providers this notifier delivers for; empty when it is not configured. */
  Set<PushProvider> providers();

  /** Tries once to deliver {@code wakeUp}. */
  Outcome wakeUp(WakeUp wakeUp);

  /** What became of one attempt. */
  enum Outcome {
    /** The relay or provider accepted the wake-up. */
    DELIVERED,
    /** A transient failure (timeout, 5xx, 429, connection refused): try again after a backoff. */
    RETRY,
    /** The provider says the token is no longer valid (e.g. HTTP 410): forget the target. */
    TARGET_GONE
  }
}
