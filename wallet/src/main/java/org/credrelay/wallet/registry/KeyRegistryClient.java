package org.credrelay.wallet.registry;

import io.grpc.Channel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.keyhistory.KeyLogReader;
import org.credrelay.keyhistory.KeyLogReader.FetchedLog;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RotateConnectionKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateConnectionKeyResponse;
import org.credrelay.rpcsigning.RequestSigningInterceptor;

/**
 * Reads an issuer DID's whole key event log from the key registry ({@code GetKeyHistory},
 * unauthenticated, page by page from sequence 1). Nothing it returns is trusted: {@link
 * IssuerKeyHistory} verifies it. Errors surface as gRPC's {@code StatusRuntimeException}.
 */
public final class KeyRegistryClient {

  private final KeyRegistryServiceGrpc.KeyRegistryServiceBlockingStub stub;
  private final Duration rpcTimeout;

  /**
   * @param channel the channel to the key registry (owned by the caller)
   */
  public KeyRegistryClient(Channel channel, Duration rpcTimeout) {
    this.stub = KeyRegistryServiceGrpc.newBlockingStub(channel);
    this.rpcTimeout = rpcTimeout;
  }

  /**
   * The DID's whole log.
   *
   * @throws IllegalStateException if the registry serves more than {@link KeyLogReader#MAX_PAGES}
   *     pages
   */
  public FetchedLog history(String did) {
    return KeyLogReader.readAll(
        from ->
            stub.withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .getKeyHistory(
                    GetKeyHistoryRequest.newBuilder().setDid(did).setFromSequence(from).build()));
  }

  /**
   * Holder key rotation: RotateConnectionKey signed by the holder's authentication key (the one
   * registered for the connection; docs/PROTOCOL.md §7.8).
   */
  public RotateConnectionKeyResponse rotateConnectionKey(
      RotateConnectionKeyRequest request, KeyPairJwk holderKey, Clock clock, SecureRandom random) {
    return stub.withInterceptors(
            new RequestSigningInterceptor(new RequestSigner(holderKey, null, clock, random)))
        .withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .rotateConnectionKey(request);
  }
}
