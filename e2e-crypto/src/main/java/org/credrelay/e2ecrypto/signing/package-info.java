/**
 * Request signing (S7) and proof of possession with authentication keys.
 *
 * <p>{@link org.credrelay.e2ecrypto.signing.RequestSigner} produces the metadata entries named in
 * {@link org.credrelay.e2ecrypto.signing.RequestSignatureHeaders}; {@link
 * org.credrelay.e2ecrypto.signing.RequestVerifier} checks them within a time window against a
 * pluggable {@link org.credrelay.e2ecrypto.signing.NonceStore}. {@link
 * org.credrelay.e2ecrypto.signing.ProofOfPossession} signs arbitrary challenges. Signatures are
 * Ed25519 or ES256K (JOSE r||s), 64 bytes.
 */
package org.credrelay.e2ecrypto.signing;
