package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
 * @param connectorAddress the connector's public gRPC address as wallets reach it (e.g. {@code
 *     connector.example.org:443}, at most 255 visible ASCII characters), put into every invitation
 *     URI as {@code connector=} (PROTOCOL.md 4.1) so a wallet needs no connector setting of its
 *     own; empty (the default) leaves the parameter out and wallets use their own setting. Not the
 *     gateway's own channel target: that one may be an in-cluster name wallets cannot reach
 */
@ConfigurationProperties("gateway.upstream")
@Validated
public record UpstreamProperties(
    @NotBlank @DefaultValue("connector") String connectorChannel,
    @NotBlank @DefaultValue("key-registry") String keyRegistryChannel,
    @NotNull @DefaultValue("10s") Duration deadline,
    @Size(max = 255) @Pattern(regexp = "[\\x21-\\x7E]*") @DefaultValue("")
        String connectorAddress) {}
