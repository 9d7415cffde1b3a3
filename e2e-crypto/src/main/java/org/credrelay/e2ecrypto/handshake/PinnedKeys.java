package org.credrelay.e2ecrypto.handshake;

import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.keys.SafetyNumber;

/**
 * The outcome of a successful handshake, to be stored per connection: the peer's keys, proven by
 * the invitation secret, and the safety number of all four keys for an optional out-of-band
 * comparison. Later key lookups that disagree with these are a KEY_MISMATCH, never a silent update.
 *
 * @param communicationKey the peer's communication key (pin as the envelope sender / recipient)
 * @param authenticationKey the peer's authentication key
 * @param safetyNumber over both parties' communication and authentication keys
 */
public record PinnedKeys(
    PublicKeyJwk communicationKey, PublicKeyJwk authenticationKey, SafetyNumber safetyNumber) {}
