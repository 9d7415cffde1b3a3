package org.credrelay.keyregistry.auth;

import java.util.Objects;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.rpcsigning.VerifiedCall;

/**
 * A signed request whose signature, timestamp and nonce were verified (docs/PROTOCOL.md §2) by
 * rpc-signing's {@code SignatureVerifyingInterceptor} with the key the registry named for it.
 * Whether that signer may make the change is still the managers' question (inside their
 * transaction).
 *
 * @param did the {@code x-credrelay-did} entry, or null (connectors)
 * @param keyId the signer's key id
 * @param authorization the proof to record with the key events: method, nonce, timestamp, the
 *     request bytes exactly as received and the signature
 */
public record SignedRequest(String did, String keyId, EventAuthorization authorization) {

  public SignedRequest {
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(authorization);
  }

  /** The verified signed request of the current gRPC call. */
  public static SignedRequest current() {
    return from(VerifiedCall.current());
  }

  /** The registry's view of a verified call. */
  public static SignedRequest from(VerifiedCall call) {
    return new SignedRequest(
        call.did(),
        call.keyId(),
        new EventAuthorization(
            call.keyId(),
            call.method(),
            call.nonce(),
            call.timestamp().toEpochMilli(),
            call.requestBytes(),
            call.signature()));
  }

  @Override
  public String toString() {
    return "SignedRequest[" + authorization.method() + ", kid=" + keyId + "]";
  }
}
