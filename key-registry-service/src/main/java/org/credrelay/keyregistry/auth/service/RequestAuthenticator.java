package org.credrelay.keyregistry.auth.service;

import java.time.Clock;
import java.util.Base64;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.RequestSignatureException;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.e2ecrypto.signing.VerifiedRequest;
import org.credrelay.keyregistry.auth.SignedRequest;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.credrelay.keyregistry.config.RequestSigningProperties;
import org.credrelay.keyregistry.error.Reasons;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.history.EventAuthorization;
import org.springframework.stereotype.Component;

/**
 * Verifies a signed request with the key its signer claims (e2e-crypto {@link RequestVerifier}):
 * metadata well-formed, timestamp within {@code keyregistry.requests.time-window}, signature valid
 * over the request bytes as received, nonce never used by that key (PostgreSQL, committed at once).
 * Whether that key may authorise the change is the caller's question.
 */
@Component
public class RequestAuthenticator {

  private final RequestVerifier verifier;

  public RequestAuthenticator(Clock clock, SingleUseIdStore nonces,
      RequestSigningProperties properties) {
    this.verifier = new RequestVerifier(clock, nonces, properties.timeWindow());
  }

  /**
   * @return the proof to record with the key event
   * @throws RegistryException UNAUTHENTICATED with MALFORMED_SIGNATURE_METADATA, STALE_TIMESTAMP,
   *     BAD_SIGNATURE or REPLAYED_NONCE
   */
  public EventAuthorization authenticate(SignedRequest request, PublicKeyJwk signerKey) {
    VerifiedRequest verified;
    try {
      verified = verifier.verify(request.method(), request.payload(), request.metadata(), signerKey);
    } catch (RequestSignatureException e) {
      throw RegistryException.unauthenticated(reason(e.reason()), e.getMessage());
    }
    byte[] signature = Base64.getUrlDecoder()
        .decode(request.metadata().get(RequestSignatureHeaders.SIGNATURE));
    return new EventAuthorization(verified.keyId(), request.method(), verified.nonce(),
        verified.timestamp().toEpochMilli(), request.payload(), signature);
  }

  private static String reason(RequestSignatureException.Reason reason) {
    return switch (reason) {
      case MISSING -> Reasons.MISSING_SIGNATURE;
      case MALFORMED -> Reasons.MALFORMED_SIGNATURE_METADATA;
      case BAD_SIGNATURE -> Reasons.BAD_SIGNATURE;
      case STALE -> Reasons.STALE_TIMESTAMP;
      case REPLAYED_NONCE -> Reasons.REPLAYED_NONCE;
    };
  }
}
