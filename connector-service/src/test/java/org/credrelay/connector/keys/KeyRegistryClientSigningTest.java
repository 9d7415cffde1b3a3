package org.credrelay.connector.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.credrelay.connector.config.KeyRegistryProperties;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.keys.service.KeyRegistryClient;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysRequest;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connector signs RegisterConnectionKeys with its own key (decision 0011), over the exact bytes
 * it sends, so the registry can tell a connector from anyone else; a registry that does not trust
 * the connector makes the acceptance UNAVAILABLE (a configuration error), while a bad holder proof
 * stays the holder's UNAUTHENTICATED. A real Netty server records what arrives.
 */
class KeyRegistryClientSigningTest {

  private static final KeyRegistryProperties PROPERTIES =
      new KeyRegistryProperties("unused", Duration.ofSeconds(5), Duration.ZERO, 100, "");
  private static final String METHOD =
      KeyRegistryServiceGrpc.getRegisterConnectionKeysMethod().getFullMethodName();

  private final KeyPairJwk connectorKey = Keys.generateAuthentication();
  private final Map<String, String> received = new ConcurrentHashMap<>();
  private volatile Status answer;
  private ManagedChannel channel;
  private Server registry;

  @AfterEach
  void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    registry.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void registerConnectionKeys_isSignedByTheConnectorsKeyOverTheBytesSent() throws Exception {
    KeyRegistryClient client = start();

    client.registerConnectionKeys(registration());

    RegisterConnectionKeysRequest sent = lastRequest;
    Map<String, String> metadata = new HashMap<>(received);
    assertThat(metadata.get(RequestSignatureHeaders.KEY_ID)).isEqualTo(connectorKey.kid());
    assertThat(metadata).doesNotContainKey(RequestSignatureHeaders.DID);
    new RequestVerifier(
            Clock.systemUTC(), new InMemoryNonceStore(Clock.systemUTC()), Duration.ofMinutes(2))
        .verify(METHOD, sent.toByteArray(), metadata, connectorKey.publicKey());
  }

  @Test
  void registryNotTrustingTheConnector_isUnavailable_badHolderProof_isUnauthenticated()
      throws Exception {
    KeyRegistryClient client = start();

    answer = refusal(Status.Code.PERMISSION_DENIED, "SIGNER_NOT_CONNECTOR");
    Throwable untrusted = catchThrowable(() -> client.registerConnectionKeys(registration()));
    answer = refusal(Status.Code.UNAUTHENTICATED, "BAD_KEY_BINDING_PROOF");
    Throwable badProof = catchThrowable(() -> client.registerConnectionKeys(registration()));

    assertThat(((ConnectorException) untrusted).reason())
        .isEqualTo(ErrorReason.KEY_REGISTRY_UNAVAILABLE);
    assertThat(((ConnectorException) badProof).reason())
        .isEqualTo(ErrorReason.KEY_BINDING_PROOF_INVALID);
  }

  private volatile RegisterConnectionKeysRequest lastRequest;

  private KeyRegistryClient start() throws Exception {
    ServerInterceptor recordHeaders =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            for (String name : headers.keys()) {
              if (name.startsWith("x-credrelay-")) {
                received.put(
                    name, headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)));
              }
            }
            return next.startCall(call, headers);
          }
        };
    registry =
        ServerBuilder.forPort(0)
            .addService(
                ServerInterceptors.intercept(
                    new KeyRegistryServiceGrpc.KeyRegistryServiceImplBase() {
                      @Override
                      public void registerConnectionKeys(
                          RegisterConnectionKeysRequest request,
                          StreamObserver<RegisterConnectionKeysResponse> responses) {
                        lastRequest = request;
                        if (answer != null) {
                          responses.onError(
                              StatusProto.toStatusRuntimeException(
                                  com.google.rpc.Status.newBuilder()
                                      .setCode(answer.getCode().value())
                                      .addDetails(
                                          Any.pack(
                                              ErrorInfo.newBuilder()
                                                  .setReason(answer.getDescription())
                                                  .build()))
                                      .build()));
                          return;
                        }
                        responses.onNext(RegisterConnectionKeysResponse.getDefaultInstance());
                        responses.onCompleted();
                      }
                    },
                    recordHeaders))
            .build()
            .start();
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", registry.getPort()).usePlaintext().build();
    return new KeyRegistryClient(
        KeyRegistryServiceGrpc.newBlockingStub(channel),
        new RequestSigner(connectorKey, null, Clock.systemUTC(), new SecureRandom()),
        Clock.systemUTC(),
        PROPERTIES);
  }

  /** A registry refusal; the description carries the ErrorInfo reason to answer with. */
  private static Status refusal(Status.Code code, String reason) {
    return Status.fromCode(code).withDescription(reason);
  }

  private static HolderKeyRegistration registration() {
    return new HolderKeyRegistration(
        UUID.randomUUID(), "token-" + UUID.randomUUID(), "{}", "{}", new byte[64]);
  }
}
