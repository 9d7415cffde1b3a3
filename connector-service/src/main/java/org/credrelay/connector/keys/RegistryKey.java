package org.credrelay.connector.keys;

import org.credrelay.e2ecrypto.keys.KeyUse;

/** An ACTIVE key as the key registry reported it: key id, use and public JWK (JSON text). */
public record RegistryKey(String keyId, KeyUse use, String publicJwk) {}
