package org.credrelay.keyhistory;

/** Lifecycle of a key at a given instant. */
public enum KeyStatus {
  /** The key was not registered yet at that instant. */
  NOT_YET_REGISTERED,
  /** Registered and not (yet) revoked. */
  ACTIVE,
  /** Revoked at or before that instant. */
  REVOKED
}
