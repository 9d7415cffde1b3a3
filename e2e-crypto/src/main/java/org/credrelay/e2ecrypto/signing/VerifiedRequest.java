package org.credrelay.e2ecrypto.signing;

import java.time.Instant;

/**
 * A request whose signature, freshness and nonce were accepted.
 *
 * @param did the caller's DID from the metadata, or null (holders)
 * @param keyId the signing key's id from the metadata
 * @param nonce the nonce, now used up
 * @param timestamp the signed timestamp
 */
public record VerifiedRequest(String did, String keyId, String nonce, Instant timestamp) {}
