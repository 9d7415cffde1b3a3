package org.credrelay.connector.push.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.push.PushProperties;
import org.credrelay.connector.push.PushProvider;
import org.credrelay.connector.push.relay.HttpPushRelayNotifier;
import org.junit.jupiter.api.Test;

/** Without a push relay the connector refuses push targets instead of storing dead ones. */
class PushTargetManagerTest {

  private static PushProperties properties(URI relayUrl) {
    return new PushProperties(
        10,
        4096,
        Duration.ofMinutes(1),
        Duration.ofSeconds(1),
        100,
        Duration.ofMinutes(2),
        8,
        Duration.ofSeconds(2),
        Duration.ofMinutes(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        new PushProperties.Relay(
            relayUrl, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Duration.ofSeconds(5)));
  }

  @Test
  void registerPushTarget_withoutARelay_isRefusedAsUnsupported() {
    PushProperties noRelay = properties(null);
    WakeUpNotifiers notifiers =
        new WakeUpNotifiers(List.of(new HttpPushRelayNotifier(noRelay, Clock.systemUTC())));
    // The refusal comes before any storage is touched, so no store is needed.
    PushTargetManager manager = new PushTargetManager(null, notifiers, noRelay, Clock.systemUTC());

    assertThat(notifiers.any()).isFalse();
    assertThatThrownBy(
            () -> manager.register(new Caller.Holder("kid"), "phone", PushProvider.FCM, "token"))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.reason()).isEqualTo(ErrorReason.PUSH_PROVIDER_UNSUPPORTED));
  }

  @Test
  void relayNotifier_deliversForEveryProvider_whenConfigured() {
    WakeUpNotifiers notifiers =
        new WakeUpNotifiers(
            List.of(
                new HttpPushRelayNotifier(
                    properties(URI.create("http://127.0.0.1:1/wake")), Clock.systemUTC())));

    assertThat(List.of(PushProvider.values())).allMatch(notifiers::supports);
  }

  @Test
  void backoff_doublesPerAttempt_upToTheBound() {
    PushProperties push = properties(null);

    assertThat(push.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(push.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(push.backoffAfter(5)).isEqualTo(Duration.ofSeconds(32));
    assertThat(push.backoffAfter(50)).isEqualTo(Duration.ofMinutes(5));
  }
}
