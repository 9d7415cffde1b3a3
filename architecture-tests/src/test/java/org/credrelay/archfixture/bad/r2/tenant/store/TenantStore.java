package org.credrelay.archfixture.bad.r2.tenant.store;

/** Fixture: the tenant feature's store. */
public class TenantStore {
  public String name(String id) {
    return id;
  }
}
