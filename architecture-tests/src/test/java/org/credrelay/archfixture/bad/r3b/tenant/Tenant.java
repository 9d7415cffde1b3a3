package org.credrelay.archfixture.bad.r3b.tenant;

import org.credrelay.archfixture.bad.r3b.tenant.service.TenantNames;

/** Fixture violating R3b only: the domain type and its service package use each other. */
public record Tenant(String name) {
  public boolean valid() {
    return TenantNames.isValid(this);
  }
}
