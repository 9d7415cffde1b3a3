package org.credrelay.rpcsigning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoRequest;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoResponse;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessageResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real in-process gRPC server verifies what the interceptor signs, for unary and streaming calls.
 */
class RequestSigningInterceptorTest {

  private static final String DID = "did:example:issuer";
  private final KeyPairJwk key = Keys.generateAuthentication();
  private final RequestVerifier verifier =
      new RequestVerifier(
          Clock.systemUTC(), new InMemoryNonceStore(Clock.systemUTC()), Duration.ofMinutes(5));
  private final List<Map<String, String>> seenHeaders = new CopyOnWriteArrayList<>();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(new EchoConnector(), new HeaderCapture()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private ConnectorServiceGrpc.ConnectorServiceBlockingStub signedStub() {
    return ConnectorServiceGrpc.newBlockingStub(channel)
        .withInterceptors(
            new RequestSigningInterceptor(
                new RequestSigner(key, DID, Clock.systemUTC(), new SecureRandom())));
  }

  @Test
  void unaryCall_carriesASignatureTheServerVerifies() {
    SendMessageResponse response =
        signedStub().sendMessage(SendMessageRequest.newBuilder().setConnectionId("c-1").build());

    assertThat(response.getId()).isEqualTo("verified:" + key.kid());
    assertThat(seenHeaders.get(0)).containsEntry(RequestSignatureHeaders.DID, DID);
  }

  @Test
  void serverStreamingCall_isSignedToo() {
    var responses = signedStub().getMessageStream(GetMessageStreamRequest.getDefaultInstance());

    assertThat(responses.next().getMessage().getId()).isEqualTo("verified:" + key.kid());
  }

  @Test
  void publicMethod_isSentUnsigned() {
    signedStub()
        .getConnectionTokenInfo(GetConnectionTokenInfoRequest.newBuilder().setToken("t").build());

    assertThat(seenHeaders.get(0)).doesNotContainKey(RequestSignatureHeaders.SIGNATURE);
  }

  @Test
  void eachCall_usesAFreshNonce() {
    signedStub().sendMessage(SendMessageRequest.getDefaultInstance());
    signedStub().sendMessage(SendMessageRequest.getDefaultInstance());

    assertThat(seenHeaders.get(0).get(RequestSignatureHeaders.NONCE))
        .isNotEqualTo(seenHeaders.get(1).get(RequestSignatureHeaders.NONCE));
  }

  @Test
  void unsignedCall_isRefusedByTheVerifyingServer() {
    var unsigned = ConnectorServiceGrpc.newBlockingStub(channel);

    assertThatThrownBy(() -> unsigned.sendMessage(SendMessageRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  /** Keeps each call's headers so the service can verify them against the parsed request. */
  private final class HeaderCapture implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      Map<String, String> values = new HashMap<>();
      for (String name : headers.keys()) {
        if (!name.endsWith("-bin")) {
          values.put(name, headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)));
        }
      }
      seenHeaders.add(values);
      return next.startCall(call, headers);
    }
  }

  private final class EchoConnector extends ConnectorServiceGrpc.ConnectorServiceImplBase {
    @Override
    public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> out) {
      verified(
          ConnectorServiceGrpc.getSendMessageMethod().getFullMethodName(),
          request.toByteArray(),
          out,
          id -> SendMessageResponse.newBuilder().setId(id).build());
    }

    @Override
    public void getMessageStream(
        GetMessageStreamRequest request, StreamObserver<GetMessageStreamResponse> out) {
      verified(
          ConnectorServiceGrpc.getGetMessageStreamMethod().getFullMethodName(),
          request.toByteArray(),
          out,
          id ->
              GetMessageStreamResponse.newBuilder()
                  .setMessage(
                      org.credrelay.proto.connector.v1.ReceivedMessage.newBuilder().setId(id))
                  .build());
    }

    @Override
    public void getConnectionTokenInfo(
        GetConnectionTokenInfoRequest request, StreamObserver<GetConnectionTokenInfoResponse> out) {
      out.onNext(GetConnectionTokenInfoResponse.getDefaultInstance());
      out.onCompleted();
    }

    private <T> void verified(
        String method,
        byte[] bytes,
        StreamObserver<T> out,
        java.util.function.Function<String, T> reply) {
      try {
        var request =
            verifier.verify(
                method, bytes, seenHeaders.get(seenHeaders.size() - 1), key.publicKey());
        out.onNext(reply.apply("verified:" + request.keyId()));
        out.onCompleted();
      } catch (Exception e) {
        out.onError(Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException());
      }
    }
  }
}
