package org.credrelay.archfixture.bad.r3b.tenant.service;

import org.credrelay.archfixture.bad.r3b.tenant.Tenant;

/** Fixture: the other half of the package cycle. */
public final class TenantNames {
  private TenantNames() {}

  public static boolean isValid(Tenant tenant) {
    return !tenant.name().isBlank();
  }
}
