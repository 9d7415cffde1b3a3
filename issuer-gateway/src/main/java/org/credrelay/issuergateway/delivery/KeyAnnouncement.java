package org.credrelay.issuergateway.delivery;

import java.time.Instant;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * What a key rotation announcement says (PROTOCOL.md section 7): the key {@code oldKeyId} of {@code
 * usage} is replaced by {@code newKey} since {@code rotatedAt}; the old key is REVOKED from {@code
 * oldKeyRevokedAt} on (equal to {@code rotatedAt} when revoked at once).
 */
public record KeyAnnouncement(
    KeyUse usage,
    String oldKeyId,
    PublicKeyJwk newKey,
    Instant rotatedAt,
    Instant oldKeyRevokedAt) {}
