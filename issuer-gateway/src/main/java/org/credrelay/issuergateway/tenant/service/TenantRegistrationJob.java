package org.credrelay.issuergateway.tenant.service;

import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.config.TenantRegistrationProperties;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.tenant.store.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes tenant registrations that failed because the key registry or the connector was not
 * reachable (a gateway that starts before them, or an outage while a tenant is created). Without it
 * such a tenant stayed unregistered until someone called {@code POST /api/v1/tenant/registration},
 * and its invitations were refused meanwhile. Runs every {@code
 * gateway.tenants.registration-retry-interval}. Safe on several replicas: every registration step
 * is idempotent upstream and recorded on the tenant.
 */
@Component
public class TenantRegistrationJob {

  private static final Logger LOG = LoggerFactory.getLogger(TenantRegistrationJob.class);

  private final TenantStore tenants;
  private final TenantRegistrar registrar;
  private final TenantRegistrationProperties properties;

  public TenantRegistrationJob(
      TenantStore tenants, TenantRegistrar registrar, TenantRegistrationProperties properties) {
    this.tenants = tenants;
    this.registrar = registrar;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${gateway.tenants.registration-retry-interval:15s}")
  void retryQuietly() {
    if (!properties.registrationRetryEnabled()) {
      return;
    }
    try {
      retryOnce();
    } catch (RuntimeException e) {
      LOG.warn("retrying tenant registrations failed", e);
    }
  }

  /** One pass over the oldest unfinished registrations; returns how many were completed. */
  public int retryOnce() {
    List<UUID> unfinished = tenants.unregisteredIds(properties.registrationRetryBatchSize());
    int completed = 0;
    for (UUID id : unfinished) {
      try {
        registrar.register(id);
        completed++;
      } catch (StatusRuntimeException | GatewayException e) {
        // Recorded on the tenant by the registrar (its REST state shows the last error).
      }
    }
    if (completed > 0) {
      LOG.info("completed the registration of {} of {} tenants", completed, unfinished.size());
    }
    return completed;
  }
}
