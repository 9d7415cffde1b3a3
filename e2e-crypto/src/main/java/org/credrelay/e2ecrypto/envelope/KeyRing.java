package org.credrelay.e2ecrypto.envelope;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;

/** The receiver's private communication keys by kid (current and not yet retired ones). */
public final class KeyRing {

  private final Map<String, KeyPairJwk> byKid;

  private KeyRing(Map<String, KeyPairJwk> byKid) {
    this.byKid = byKid;
  }

  /** A ring of communication key pairs with distinct kids. */
  public static KeyRing of(KeyPairJwk... keys) {
    return of(List.of(keys));
  }

  /** A ring of communication key pairs with distinct kids. */
  public static KeyRing of(Collection<KeyPairJwk> keys) {
    Map<String, KeyPairJwk> byKid = new LinkedHashMap<>();
    for (KeyPairJwk key : keys) {
      if (key.use() != KeyUse.COMMUNICATION) {
        throw new IllegalArgumentException("a key ring holds communication keys, not " + key);
      }
      if (byKid.put(key.kid(), key) != null) {
        throw new IllegalArgumentException("two keys with kid " + key.kid());
      }
    }
    if (byKid.isEmpty()) {
      throw new IllegalArgumentException("a key ring needs at least one key");
    }
    return new KeyRing(Collections.unmodifiableMap(byKid));
  }

  public Optional<KeyPairJwk> find(String kid) {
    return Optional.ofNullable(byKid.get(kid));
  }

  /** The keys, in the order given. */
  public Collection<KeyPairJwk> keys() {
    return byKid.values();
  }

  public Set<String> kids() {
    return byKid.keySet();
  }
}
