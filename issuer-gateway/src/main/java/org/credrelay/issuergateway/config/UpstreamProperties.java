package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.upstream.*}: how the gateway calls the connector and the key registry. The targets
 * themselves are Spring gRPC's {@code spring.grpc.client.channel.<name>.target}.
 *
 * @param connectorChannel name of the Spring gRPC channel of the connector
 * @param keyRegistryChannel name of the Spring gRPC channel of the key registry
 * @param deadline deadline of every unary call
 * @param connectorAddress optional address put into invitation URIs ({@code connector=}) so wallets
 *     know where to accept the token; empty = omitted
 */
@ConfigurationProperties("gateway.upstream")
@Validated
public record UpstreamProperties(
    @NotBlank @DefaultValue("connector") String connectorChannel,
    @NotBlank @DefaultValue("key-registry") String keyRegistryChannel,
    @NotNull @DefaultValue("10s") Duration deadline,
    @Size(max = 255) @DefaultValue("") String connectorAddress) {}
