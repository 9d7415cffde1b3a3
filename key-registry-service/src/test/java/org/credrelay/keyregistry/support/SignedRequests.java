package org.credrelay.keyregistry.support;

import com.google.protobuf.MessageLite;
import io.grpc.MethodDescriptor;
import java.security.SecureRandom;
import java.time.Clock;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.keyregistry.auth.SignedRequest;

/** Signed requests as the gRPC edge would capture them, for tests that call managers directly. */
public final class SignedRequests {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SignedRequests() {}

  public static SignedRequest sign(MethodDescriptor<?, ?> method, MessageLite request,
      KeyPairJwk signer, String did, Clock clock) {
    byte[] bytes = request.toByteArray();
    return new SignedRequest(method.getFullMethodName(),
        new RequestSigner(signer, did, clock, RANDOM).sign(method.getFullMethodName(), bytes), bytes);
  }
}
