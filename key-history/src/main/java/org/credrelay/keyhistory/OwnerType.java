package org.credrelay.keyhistory;

/** Who owns keys: a DID (issuer, verifier) or a holder connection. Stored as the enum name. */
public enum OwnerType {
  DID,
  CONNECTION
}
