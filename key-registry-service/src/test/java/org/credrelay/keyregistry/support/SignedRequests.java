package org.credrelay.keyregistry.support;

import com.google.protobuf.MessageLite;
import io.grpc.MethodDescriptor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
import org.credrelay.e2ecrypto.signing.RequestSignatureException;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.e2ecrypto.signing.VerifiedRequest;
import org.credrelay.keyregistry.auth.SignedRequest;
import org.credrelay.rpcsigning.VerifiedCall;

/**
 * Signed requests as the gRPC edge hands them to the managers after verifying them (really signed
 * and verified here, with an in-memory nonce store), for tests that call managers directly.
 */
public final class SignedRequests {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SignedRequests() {}

  public static SignedRequest sign(
      MethodDescriptor<?, ?> method,
      MessageLite request,
      KeyPairJwk signer,
      String did,
      Clock clock) {
    String name = method.getFullMethodName();
    byte[] bytes = request.toByteArray();
    Map<String, String> headers = new RequestSigner(signer, did, clock, RANDOM).sign(name, bytes);
    try {
      VerifiedRequest verified =
          new RequestVerifier(clock, new InMemoryNonceStore(clock), Duration.ofMinutes(5))
              .verify(name, bytes, headers, signer.publicKey());
      byte[] signature =
          Base64.getUrlDecoder().decode(headers.get(RequestSignatureHeaders.SIGNATURE));
      return SignedRequest.from(
          new VerifiedCall(
              name,
              verified.did(),
              verified.keyId(),
              signer.publicKey(),
              verified.nonce(),
              verified.timestamp(),
              bytes,
              signature));
    } catch (RequestSignatureException e) {
      throw new AssertionError(e);
    }
  }
}
