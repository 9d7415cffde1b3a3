/**
 * The out-of-band handshake that defeats key substitution by the connector (S3, S4).
 *
 * <p>The issuer creates an {@link org.credrelay.e2ecrypto.handshake.Invitation} (token, 256-bit
 * secret, issuer DID, expiry) and shows it as a URI/QR code. From the secret, HKDF-SHA256 derives
 * one HS256 key per {@link org.credrelay.e2ecrypto.handshake.Direction}. The holder sends its
 * public keys in a JWT MACed with the holder-to-issuer key ({@link
 * org.credrelay.e2ecrypto.handshake.HolderHandshake}); the issuer verifies it and answers with its
 * keys, the holder's nonce and the thumbprints of the holder keys it pinned, MACed with the
 * issuer-to-holder key ({@link org.credrelay.e2ecrypto.handshake.IssuerHandshake}). Each side ends
 * with {@link org.credrelay.e2ecrypto.handshake.PinnedKeys}. Refusals carry a {@link
 * org.credrelay.e2ecrypto.handshake.HandshakeException.Reason}.
 */
package org.credrelay.e2ecrypto.handshake;
