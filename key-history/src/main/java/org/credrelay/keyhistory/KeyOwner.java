package org.credrelay.keyhistory;

import java.util.Objects;

/**
 * An owner of keys: a DID or a connection id. The registry builds it only through {@code
 * Did.owner()} and {@code ConnectionId.owner()}, which check the syntax; a client names the owner
 * whose log it verifies.
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

  @Override
  public String toString() {
    return type + " " + id;
  }
}
