package org.credrelay.connector.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.unit.DataSize;

/** The documented defaults of {@code connector.messages.limits}, bound as Spring binds them. */
class MessageLimitsPropertiesTest {

  private static MessageLimitsProperties bind(Map<String, String> properties) {
    return new Binder(
            List.of(new MapConfigurationPropertySource(properties)),
            null,
            ApplicationConversionService.getSharedInstance())
        .bindOrCreate("connector.messages.limits", Bindable.of(MessageLimitsProperties.class));
  }

  @Test
  void nothingSet_givesTheDocumentedDefaults() {
    MessageLimitsProperties limits = bind(Map.of());

    assertThat(limits.queue().maxMessages()).isEqualTo(10_000);
    assertThat(limits.queue().maxBytes()).isEqualTo(DataSize.ofMegabytes(100));
    assertThat(limits.messageSize().encryptedMessage()).isEqualTo(DataSize.ofMegabytes(1));
    assertThat(limits.messageSize().handshakeMessage()).isEqualTo(DataSize.ofKilobytes(16));
    assertThat(limits.messageSize().error()).isEqualTo(DataSize.ofKilobytes(16));
    assertThat(limits.senderRate())
        .isEqualTo(new MessageLimitsProperties.SenderRate(100, 20, Duration.ofSeconds(1)));
    assertThat(limits.holderConnectionRate())
        .isEqualTo(new MessageLimitsProperties.HolderConnectionRate(20, 2, Duration.ofSeconds(1)));
    assertThat(limits.streamsPerParticipant()).isEqualTo(5);
    assertThat(limits.gauges().interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(limits.rateLimitsEnabled()).isTrue();
  }

  @Test
  void rateLimitsEnabledFalse_bindsTheSwitch() {
    MessageLimitsProperties limits =
        bind(Map.of("connector.messages.limits.rate-limits-enabled", "false"));

    assertThat(limits.rateLimitsEnabled()).isFalse();
  }

  @Test
  void onePartOfARateSet_keepsTheOtherDefaults() {
    MessageLimitsProperties limits =
        bind(Map.of("connector.messages.limits.sender-rate.burst", "7"));

    assertThat(limits.senderRate())
        .isEqualTo(new MessageLimitsProperties.SenderRate(7, 20, Duration.ofSeconds(1)));
    assertThat(limits.senderRate().timeToFill()).isEqualTo(Duration.ofSeconds(1));
  }
}
