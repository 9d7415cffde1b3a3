package org.credrelay.issuergateway.tenant.service;

import org.credrelay.issuergateway.tenant.Tenant;

/** A new tenant and its first API key (shown once, stored only as a hash). */
public record CreatedTenant(Tenant tenant, String apiKey) {

  @Override
  public String toString() {
    return "CreatedTenant[" + tenant.id() + ", apiKey redacted]";
  }
}
