package org.credrelay.e2ecrypto.signing;

import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.BAD_SIGNATURE;
import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.MISSING;
import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.REPLAYED_NONCE;
import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.STALE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Verifies signed requests (S7): entries present and canonical, timestamp within the window,
 * signature valid for the caller's key, nonce not used before by that key.
 *
 * <pre>{@code
 * RequestVerifier verifier = new RequestVerifier(clock, nonceStore, Duration.ofMinutes(5));
 * // look the key up by metadata.get(KEY_ID) (and DID), then:
 * VerifiedRequest ok = verifier.verify(fullMethodName, requestBytes, metadata, signerKey);
 * }</pre>
 *
 * <p>The DID and key id are not inside the signed bytes; they are bound because the caller verifies
 * with the key they name. The nonce is recorded only after the signature verified, so nobody can
 * burn another party's nonces.
 */
public final class RequestVerifier {

  /** DIDs are at most 512 characters across credrelay (PROTOCOL.md section 5.1). */
  static final int MAX_DID_LENGTH = 512;

  private static final int MAX_TIMESTAMP_DIGITS = 16;

  /** Compiled once: {@code String.matches} compiled the pattern again for every request. */
  private static final Pattern TIMESTAMP =
      Pattern.compile("0|[1-9][0-9]{0," + (MAX_TIMESTAMP_DIGITS - 1) + "}");

  private final Clock clock;
  private final NonceStore nonces;
  private final Duration window;

  /**
   * @param window how far the timestamp may be from now, either way (e.g. 5 minutes)
   */
  public RequestVerifier(Clock clock, NonceStore nonces, Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
    this.clock = clock;
    this.nonces = nonces;
    this.window = window;
  }

  /**
   * @param metadata the request's metadata/headers, keys lowercase
   * @param signerKey the authentication key named by the key id (and DID)
   * @throws RequestSignatureException with the first reason found
   */
  public VerifiedRequest verify(
      String method, byte[] requestBytes, Map<String, String> metadata, PublicKeyJwk signerKey)
      throws RequestSignatureException {
    VerifiedRequest verified = verifyExceptNonce(method, requestBytes, metadata, signerKey);
    if (!nonces.markUsed(verified.keyId(), verified.nonce(), nonceExpiresAt(verified))) {
      throw new RequestSignatureException(REPLAYED_NONCE, "nonce already used");
    }
    return verified;
  }

  /**
   * Every check of {@link #verify} except recording the nonce: for a server that records it itself,
   * in the same database statement as the call's first write (it must do so before any effect of
   * the call, and refuse the call with REPLAYED_NONCE if the nonce was used).
   *
   * @return the verified request, whose nonce is not yet recorded; keep it until {@link
   *     #nonceExpiresAt}
   * @throws RequestSignatureException with the first reason found (never REPLAYED_NONCE)
   */
  public VerifiedRequest verifyExceptNonce(
      String method, byte[] requestBytes, Map<String, String> metadata, PublicKeyJwk signerKey)
      throws RequestSignatureException {
    if (signerKey.use() != KeyUse.AUTHENTICATION) {
      throw new IllegalArgumentException("requests are verified with an authentication key");
    }
    String keyId = required(metadata, RequestSignatureHeaders.KEY_ID);
    String nonce = required(metadata, RequestSignatureHeaders.NONCE);
    String timestamp = required(metadata, RequestSignatureHeaders.TIMESTAMP);
    String signature = required(metadata, RequestSignatureHeaders.SIGNATURE);
    String did = metadata.get(RequestSignatureHeaders.DID);
    if (!Digests.isVisibleAscii(keyId, 256)
        || (did != null && !Digests.isVisibleAscii(did, MAX_DID_LENGTH))) {
      throw new RequestSignatureException(MALFORMED, "key id or DID is not visible ASCII");
    }
    if (!Base64Url.isCanonical(nonce, RequestSigner.NONCE_BYTES, 64)) {
      throw new RequestSignatureException(MALFORMED, "nonce must be base64url of 16-64 bytes");
    }
    if (!TIMESTAMP.matcher(timestamp).matches()) {
      throw new RequestSignatureException(
          MALFORMED, "timestamp must be decimal epoch milliseconds");
    }
    byte[] signatureBytes = canonicalSignature(signature);
    Instant signedAt = Instant.ofEpochMilli(Long.parseLong(timestamp));
    Instant now = clock.instant();
    if (signedAt.isBefore(now.minus(window)) || signedAt.isAfter(now.plus(window))) {
      throw new RequestSignatureException(STALE, "timestamp " + signedAt + " outside " + window);
    }
    if (!keyId.equals(signerKey.kid()) && !keyId.equals(signerKey.thumbprint())) {
      throw new RequestSignatureException(BAD_SIGNATURE, "key id does not name the given key");
    }
    byte[] signed = SigningInput.of(method, nonce, timestamp, requestBytes);
    if (!signerKey.verifySignature(signed, signatureBytes)) {
      throw new RequestSignatureException(BAD_SIGNATURE, "signature does not verify");
    }
    return new VerifiedRequest(did, keyId, nonce, signedAt);
  }

  /** Until when the nonce of {@code verified} must be kept: its timestamp plus the window. */
  public Instant nonceExpiresAt(VerifiedRequest verified) {
    return verified.timestamp().plus(window);
  }

  /** The signature's 64 bytes, decoded once (it was decoded twice per request before). */
  private static byte[] canonicalSignature(String signature) throws RequestSignatureException {
    try {
      byte[] bytes = Base64Url.decode(signature);
      if (bytes.length == 64) {
        return bytes;
      }
    } catch (IllegalArgumentException notCanonical) {
      // refused below, like a wrong length
    }
    throw new RequestSignatureException(MALFORMED, "signature must be base64url of 64 bytes");
  }

  private static String required(Map<String, String> metadata, String name)
      throws RequestSignatureException {
    String value = metadata.get(name);
    if (value == null || value.isEmpty()) {
      throw new RequestSignatureException(MISSING, "metadata '" + name + "' is missing");
    }
    return value;
  }
}
