package org.credrelay.keyregistry.key;

import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;

/** The registry's errors about a key owner (kept here: {@link KeyOwner} lives in key-history). */
public final class KeyOwnerErrors {

  private KeyOwnerErrors() {}

  /** NOT_FOUND for this owner: UNKNOWN_DID or UNKNOWN_CONNECTION. */
  public static RegistryException notFound(KeyOwner owner) {
    return owner.type() == OwnerType.DID
        ? new RegistryException(Reason.UNKNOWN_DID, "unknown DID " + owner.id())
        : new RegistryException(Reason.UNKNOWN_CONNECTION, "no keys for connection " + owner.id());
  }
}
