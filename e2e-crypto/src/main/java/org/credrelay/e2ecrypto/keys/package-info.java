/**
 * Keys as JWK (RFC 7517, RFC 8037): communication (key agreement) keys on X25519 or P-256, and
 * authentication (signing) keys on Ed25519 or secp256k1.
 *
 * <p>Entry point: {@link org.credrelay.e2ecrypto.keys.Keys}. A public key received from anyone is
 * parsed with {@link org.credrelay.e2ecrypto.keys.PublicKeyJwk#parse(String, KeyUse)}, which
 * refuses everything that is not a valid public key for the given use (wrong curve, off-curve or
 * low-order points, private members, oversized input) with a {@link
 * org.credrelay.e2ecrypto.keys.KeyRejectedException} naming the reason. The RFC 7638 thumbprint is
 * the default key id. {@link org.credrelay.e2ecrypto.keys.SafetyNumber} turns public keys into
 * digits people can compare out of band.
 *
 * <p>Key agreement and signing run on Bouncy Castle's lightweight API (see
 * docs/decisions/0002-crypto-provider.md for the measurements behind that choice).
 */
package org.credrelay.e2ecrypto.keys;
