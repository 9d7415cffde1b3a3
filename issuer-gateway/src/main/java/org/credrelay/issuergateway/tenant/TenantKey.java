package org.credrelay.issuergateway.tenant;

import java.time.Instant;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyUse;

/** Public view of a tenant's key (the private half never leaves the key store decrypted). */
public record TenantKey(
    UUID id,
    KeyUse usage,
    KeyCurve curve,
    String kid,
    String publicJwk,
    TenantKeyStatus status,
    Instant createdAt,
    Instant activatedAt,
    Instant retiredAt) {}
