package org.credrelay.connector.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The key registry client ({@code connector.key-registry.*}). The channel itself is {@code
 * spring.grpc.client.channel.key-registry.target}.
 *
 * @param channel name of the Spring gRPC client channel (or a target such as {@code
 *     in-process:name}, which Spring gRPC cannot put behind a named channel)
 * @param deadline deadline of each registry call
 * @param maxCacheAge upper bound on how long an answer is cached; the registry's {@code
 *     max_age_seconds} applies when it is shorter. 0 disables caching.
 * @param cacheSize most (owner, key use) answers cached
 * @param signingKey the connector's private authentication JWK (Ed25519 or secp256k1, JSON) with
 *     which it signs RegisterConnectionKeys; the registry must list its public part in {@code
 *     keyregistry.connectors.trusted-keys} (decision 0011). A secret: give it through the
 *     environment ({@code CONNECTOR_KEYREGISTRY_SIGNINGKEY}), never in a file in the image. Empty
 *     (the default): registrations are sent unsigned and the registry refuses them, so holders
 *     cannot accept invitations; a warning is logged at start-up. A malformed key stops the start.
 */
@Validated
@ConfigurationProperties("connector.key-registry")
public record KeyRegistryProperties(
    @NotNull @DefaultValue("key-registry") String channel,
    @NotNull @DefaultValue("5s") Duration deadline,
    @NotNull @DefaultValue("30s") Duration maxCacheAge,
    @Min(0) @DefaultValue("10000") int cacheSize,
    @NotNull @DefaultValue("") String signingKey) {

  /** Never print the private key. */
  @Override
  public String toString() {
    return "KeyRegistryProperties[channel="
        + channel
        + ", deadline="
        + deadline
        + ", maxCacheAge="
        + maxCacheAge
        + ", cacheSize="
        + cacheSize
        + ", signingKey="
        + (signingKey.isEmpty() ? "<none>" : "<set>")
        + "]";
  }
}
