package org.credrelay.connector.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The connector's gRPC server ({@code connector.grpc.*}); transport settings stay under {@code
 * spring.grpc.server.*}.
 *
 * @param handlerThreads threads that run RPC handlers (authentication, database work). grpc-java's
 *     default is an unbounded cached pool: a reconnect storm of thousands of wallets, each stream
 *     open blocking on the database pool, then grows one thread per waiting call. A fixed pool
 *     queues those calls instead. Idle streams hold no thread either way.
 */
@Validated
@ConfigurationProperties("connector.grpc")
public record GrpcServerProperties(@Min(1) @Max(1024) @DefaultValue("32") int handlerThreads) {}
