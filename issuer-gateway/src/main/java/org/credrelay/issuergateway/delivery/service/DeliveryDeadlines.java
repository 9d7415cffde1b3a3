package org.credrelay.issuergateway.delivery.service;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.error.GatewayException;
import org.springframework.stereotype.Component;

/**
 * The deadline of a credential delivery: the one the request asked for, else the tenant's ({@code
 * gateway.delivery.tenant-deadlines}), else the gateway's ({@code gateway.delivery.deadline}, 7
 * days); never beyond {@code gateway.delivery.max-deadline}, which stays below the age at which
 * wallets refuse an envelope.
 */
@Component
public class DeliveryDeadlines {

  private final DeliveryProperties properties;

  DeliveryDeadlines(DeliveryProperties properties) {
    this.properties = properties;
  }

  /**
   * @param requested the request's deadline, or null
   * @throws GatewayException INVALID_REQUEST if {@code requested} is not positive or too long
   */
  public Instant deadlineAt(UUID tenantId, Instant acceptedAt, Duration requested) {
    return acceptedAt.plus(deadline(tenantId, requested));
  }

  Duration deadline(UUID tenantId, Duration requested) {
    if (requested == null) {
      return properties.tenantDeadlines().getOrDefault(tenantId, properties.deadline());
    }
    if (requested.isNegative()
        || requested.isZero()
        || requested.compareTo(properties.maxDeadline()) > 0) {
      throw GatewayException.invalid(
          "deliveryDeadlineSeconds must be between 1 and "
              + properties.maxDeadline().toSeconds()
              + " (gateway.delivery.max-deadline: wallets refuse older envelopes)");
    }
    return requested;
  }
}
