package org.credrelay.issuergateway.tenant;

/** Lifecycle of a tenant's key pair. */
public enum TenantKeyStatus {
  /** Generated for a rotation the key registry has not confirmed yet. */
  PENDING,
  /** In use: signs requests (authentication) or seals envelopes (communication). */
  ACTIVE,
  /** Replaced by a rotation; kept for the record. */
  RETIRED
}
