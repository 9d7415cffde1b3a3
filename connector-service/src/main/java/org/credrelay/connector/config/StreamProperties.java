package org.credrelay.connector.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Live message streams ({@code connector.stream.*}).
 *
 * @param keepaliveInterval an idle stream gets a StreamKeepAlive this often
 * @param notificationChannel PostgreSQL LISTEN/NOTIFY channel shared by every replica
 * @param pageSize messages read from the database per query while a stream catches up
 * @param deliveryThreads threads that query and deliver for all streams (not one per stream)
 * @param listenerPollInterval how long the LISTEN connection waits for notifications per poll;
 *     bounds how fast the listener notices shutdown
 * @param listenerReconnectDelay pause before re-opening a broken LISTEN connection
 */
@Validated
@ConfigurationProperties("connector.stream")
public record StreamProperties(
    @NotNull @DefaultValue("25s") Duration keepaliveInterval,
    @NotNull @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}") @DefaultValue("connector_messages")
        String notificationChannel,
    @Min(1) @Max(10_000) @DefaultValue("100") int pageSize,
    @Min(1) @Max(256) @DefaultValue("4") int deliveryThreads,
    @NotNull @DefaultValue("500ms") Duration listenerPollInterval,
    @NotNull @DefaultValue("1s") Duration listenerReconnectDelay) {

  public StreamProperties {
    if (keepaliveInterval.toMillis() < 10) {
      throw new IllegalArgumentException("connector.stream.keepalive-interval must be >= 10ms");
    }
  }
}
