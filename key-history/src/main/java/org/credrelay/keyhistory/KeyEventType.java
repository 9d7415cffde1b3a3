package org.credrelay.keyhistory;

/** What a key event did. Stored and hashed as the enum name. */
public enum KeyEventType {
  /** A key was registered (with a DID, by AddDidKey, or for a connection). */
  ADDED,
  /** A key replaced another one of the same usage; the replaced key is revoked at once or later. */
  ROTATED,
  /** A key was revoked. */
  REVOKED
}
