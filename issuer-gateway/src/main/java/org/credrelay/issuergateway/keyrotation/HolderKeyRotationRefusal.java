package org.credrelay.issuergateway.keyrotation;

/**
 * Why the gateway refused a holder's key rotation announcement (docs/PROTOCOL.md §7.8, in the order
 * the checks run). The pin is kept; the code is the connection's {@code lastFailure} ("CODE:
 * detail").
 */
public enum HolderKeyRotationRefusal {
  /** The connection is not VERIFIED: there is no pinned key an announcement could replace. */
  CONNECTION_NOT_VERIFIED,
  /** {@code EncryptedMessage.key_id} is not an ACTIVE communication key of the issuer. */
  WRONG_RECIPIENT,
  /**
   * The envelope is not authcrypted by the pinned holder key, or {@code old_key_id} is not the
   * pinned kid.
   */
  UNEXPECTED_SENDER,
  /** The envelope failed another check (tampered, wrong connection, too old, malformed). */
  ENVELOPE_REFUSED,
  /**
   * Not a communication-key announcement, an invalid new key or one on another curve, or the
   * registry's verified history does not show the new key ACTIVE with the announced material and a
   * ROTATED event from the pinned key to it.
   */
  KEY_ROTATION_REFUSED,
  /** The connection's key history at the registry does not verify (S8). */
  KEY_HISTORY_REJECTED
}
