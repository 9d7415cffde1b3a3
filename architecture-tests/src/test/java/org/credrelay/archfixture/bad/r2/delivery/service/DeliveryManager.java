package org.credrelay.archfixture.bad.r2.delivery.service;

import org.credrelay.archfixture.bad.r2.tenant.store.TenantStore;

/** Fixture violating R2 only: the delivery feature reads the tenant feature's store. */
public class DeliveryManager {
  private final TenantStore tenants;

  public DeliveryManager(TenantStore tenants) {
    this.tenants = tenants;
  }

  public String tenantName(String id) {
    return tenants.name(id);
  }
}
