package org.credrelay.connector.keys;

import java.util.UUID;

/** Whose keys: a participant's DID or a holder's connection. */
public sealed interface KeyOwner {

  record Did(String did) implements KeyOwner {}

  record Connection(UUID connectionId) implements KeyOwner {}
}
