package org.credrelay.testsupport.connector;

import java.util.List;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Where the fake connector looks up a participant's keys, as the real one asks the key registry:
 * the ACTIVE keys of a DID, of any usage. A test either lets the fake keep them ({@link
 * InMemoryDidKeys}) or points it at its own key registry double.
 */
@FunctionalInterface
public interface DidKeys {

  /** The ACTIVE keys of {@code did} (authentication and communication); empty if unknown. */
  List<PublicKeyJwk> activeKeys(String did);
}
