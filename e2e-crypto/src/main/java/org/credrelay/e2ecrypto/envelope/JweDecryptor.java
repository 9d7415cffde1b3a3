package org.credrelay.e2ecrypto.envelope;

import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.ALGORITHM_NOT_ALLOWED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.TAMPERED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.UNEXPECTED_SENDER;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.WRONG_RECIPIENT;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Low-level JWE decryption in the DIDComm v2 shape: allow-list, sender pinning and authenticated
 * decryption, but no connection, message-id or time binding. {@link EnvelopeOpener} builds on it;
 * use this directly only for foreign JWEs that carry no {@code cr_*} header (e.g. spec vectors).
 *
 * <p>Exactly one recipient is tried: the first whose kid is in the key ring. There is no trial
 * decryption across keys, so the work per message is bounded and independent of the ring.
 */
public final class JweDecryptor {

  private final int maxEnvelopeBytes;
  private final StaticAgreements statics;

  public JweDecryptor(int maxEnvelopeBytes) {
    this(maxEnvelopeBytes, StaticAgreements.computeEveryTime());
  }

  /**
   * @param statics where the static-static half of ECDH-1PU comes from (see {@link
   *     StaticAgreements})
   */
  public JweDecryptor(int maxEnvelopeBytes, StaticAgreements statics) {
    this.maxEnvelopeBytes = maxEnvelopeBytes;
    this.statics = statics;
  }

  /**
   * Decrypts a general-JSON JWE.
   *
   * @param pinnedSenders sender keys accepted for authcrypt, matched by kid against {@code skid}
   * @param allowAnoncrypt whether ECDH-ES+A256KW (no sender authentication) is acceptable
   * @throws EnvelopeException with the first reason found, see {@link EnvelopeException.Reason}
   */
  public DecryptedJwe decrypt(
      byte[] jweJson, KeyRing ring, Collection<PublicKeyJwk> pinnedSenders, boolean allowAnoncrypt)
      throws EnvelopeException {
    return decrypt(jweJson, KidResolver.literal(ring, pinnedSenders), allowAnoncrypt);
  }

  /** As above, with the kids resolved by {@code keys} (DID URLs for {@link EnvelopeOpener}). */
  DecryptedJwe decrypt(byte[] jweJson, KidResolver keys, boolean allowAnoncrypt)
      throws EnvelopeException {
    GeneralJwe jwe = GeneralJwe.parse(jweJson, maxEnvelopeBytes);
    ProtectedHeader header = ProtectedHeader.parse(jwe.protectedB64());
    if (!header.alg().authenticatesSender() && !allowAnoncrypt) {
      throw new EnvelopeException(
          ALGORITHM_NOT_ALLOWED,
          "anoncrypt (" + header.alg().jose() + ") where authcrypt is required");
    }
    checkRecipientBinding(jwe, header);
    PublicKeyJwk sender = resolveSender(header, keys);
    GeneralJwe.Recipient recipient =
        jwe.recipients().stream()
            .filter(r -> keys.recipient(r.kid()).isPresent())
            .findFirst()
            .orElseThrow(
                () ->
                    new EnvelopeException(WRONG_RECIPIENT, "no recipient kid is in the key ring"));
    KeyPairJwk key = keys.recipient(recipient.kid()).orElseThrow();
    if (key.curve() != header.epk().curve()) {
      throw new EnvelopeException(WRONG_RECIPIENT, "recipient key and epk are on different curves");
    }
    ContentEncryption enc = header.enc();
    if (jwe.iv().length != enc.ivBytes()
        || jwe.tag().length != enc.tagBytes()
        || recipient.encryptedKey().length != enc.keyBytes() + AesKeyWrap.OVERHEAD_BYTES) {
      throw new EnvelopeException(TAMPERED, "iv, tag or encrypted_key has the wrong length");
    }
    byte[] cek = null;
    try {
      cek =
          EcdhKeyWrap.unwrap(
              header.alg(),
              key,
              header.epk(),
              sender,
              header.apu(),
              header.apv(),
              jwe.tag(),
              recipient.encryptedKey(),
              statics);
      byte[] plaintext = enc.decrypt(cek, jwe.iv(), header.aad(), jwe.ciphertext(), jwe.tag());
      return new DecryptedJwe(
          plaintext, header.members(), header.alg(), enc, recipient.kid(), sender, key.kid());
    } catch (GeneralSecurityException e) {
      throw new EnvelopeException(TAMPERED, "authentication failed", e);
    } catch (KeyRejectedException e) {
      throw new EnvelopeException(MALFORMED, "key agreement refused: " + e.getMessage(), e);
    } finally {
      if (cek != null) {
        Arrays.fill(cek, (byte) 0);
      }
    }
  }

  /**
   * apv = SHA-256(sorted recipient kids joined by "."): the otherwise unprotected kids are bound.
   */
  private static void checkRecipientBinding(GeneralJwe jwe, ProtectedHeader header)
      throws EnvelopeException {
    if (header.apv() == null) {
      if (header.alg().authenticatesSender()) {
        throw new EnvelopeException(MALFORMED, "authcrypt header has no 'apv'");
      }
      return;
    }
    byte[] expected = Digests.sha256(jwe.sortedKids().getBytes(StandardCharsets.US_ASCII));
    if (!MessageDigest.isEqual(expected, header.apv())) {
      throw new EnvelopeException(TAMPERED, "apv does not match the recipient kids");
    }
  }

  private static PublicKeyJwk resolveSender(ProtectedHeader header, KidResolver keys)
      throws EnvelopeException {
    if (!header.alg().authenticatesSender()) {
      if (header.skid() != null) {
        throw new EnvelopeException(MALFORMED, "anoncrypt header names a sender ('skid')");
      }
      return null;
    }
    String skid = header.skid();
    if (skid == null || header.apu() == null) {
      throw new EnvelopeException(MALFORMED, "authcrypt header needs 'skid' and 'apu'");
    }
    if (!Arrays.equals(header.apu(), skid.getBytes(StandardCharsets.UTF_8))) {
      throw new EnvelopeException(MALFORMED, "apu is not base64url(skid)");
    }
    return keys.sender(skid, header.epk().curve())
        .orElseThrow(
            () ->
                new EnvelopeException(
                    UNEXPECTED_SENDER, "skid '" + skid + "' is not a pinned sender key"));
  }
}
