package org.credrelay.connector.message;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Acknowledged delivery ({@code connector.messages.acknowledgement.*}, docs/CONNECTOR.md
 * "Acknowledgement").
 *
 * @param maxIdsPerRequest most message ids one AcknowledgeMessages request may name (default 500,
 *     the largest page a client can read, so one request acknowledges any page)
 */
@Validated
@ConfigurationProperties("connector.messages.acknowledgement")
public record AcknowledgementProperties(
    @Min(1) @Max(10_000) @DefaultValue("500") int maxIdsPerRequest) {}
