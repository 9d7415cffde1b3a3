package org.credrelay.keyregistry.key;

import java.util.Objects;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;

/**
 * A validated owner of keys: a DID or a connection id. Built only by {@code Did.owner()} and
 * {@code ConnectionId.owner()}, which check the syntax.
 */
public record KeyOwner(OwnerType type, String id) {

  public KeyOwner {
    Objects.requireNonNull(type);
    Objects.requireNonNull(id);
  }

  /**
   * The owner of a stored id. The type follows from the syntax: every DID starts with {@code did:},
   * and a connection id never contains a colon ({@code ConnectionId}).
   */
  public static KeyOwner ofStoredId(String id) {
    return new KeyOwner(id.startsWith("did:") ? OwnerType.DID : OwnerType.CONNECTION, id);
  }

  /** NOT_FOUND for this owner: UNKNOWN_DID or UNKNOWN_CONNECTION. */
  public RegistryException notFound() {
    return type == OwnerType.DID
        ? new RegistryException(Reason.UNKNOWN_DID, "unknown DID " + id)
        : new RegistryException(Reason.UNKNOWN_CONNECTION, "no keys for connection " + id);
  }

  @Override
  public String toString() {
    return type + " " + id;
  }
}
