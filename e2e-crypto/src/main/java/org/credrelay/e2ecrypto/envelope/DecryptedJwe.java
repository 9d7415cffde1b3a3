package org.credrelay.e2ecrypto.envelope;

import java.util.Map;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * The result of {@link JweDecryptor#decrypt}: authenticated plaintext and protected header, before
 * any connection/replay/time binding is checked.
 *
 * @param plaintext the decrypted content (owned by the caller)
 * @param protectedHeader the authenticated protected header members
 * @param algorithm the key wrap algorithm; authcrypt iff {@link
 *     KeyWrapAlgorithm#authenticatesSender()}
 * @param encryption the content encryption
 * @param recipientKid the kid of the ring key that decrypted
 * @param sender the pinned sender key that authcrypt proved, or null for anoncrypt
 * @param recipientKeyKid the own kid of the ring key that decrypted (its thumbprint for holders),
 *     which differs from {@code recipientKid} when the JWE names it by DID URL
 */
public record DecryptedJwe(
    byte[] plaintext,
    Map<String, Object> protectedHeader,
    KeyWrapAlgorithm algorithm,
    ContentEncryption encryption,
    String recipientKid,
    PublicKeyJwk sender,
    String recipientKeyKid) {}
