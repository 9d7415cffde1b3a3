package org.credrelay.rpcsigning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
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

/** A real in-process server behind the interceptor, called by the real client signer. */
class SignatureVerifyingInterceptorTest {

  private static final String DID = "did:example:issuer";
  private static final String SEND =
      ConnectorServiceGrpc.getSendMessageMethod().getFullMethodName();

  private final Clock clock = Clock.systemUTC();
  private final KeyPairJwk key = Keys.generateAuthentication();
  private final KeyPairJwk otherKey = Keys.generateAuthentication();
  private final List<VerifiedCall> served = new CopyOnWriteArrayList<>();
  private volatile boolean refuseSigner;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    SignerKeyResolver resolver =
        call -> {
          if (refuseSigner) {
            throw new IllegalStateException("signer not allowed");
          }
          return key.publicKey();
        };
    SignatureVerifyingInterceptor interceptor =
        new SignatureVerifyingInterceptor(
            new RequestVerifier(clock, new InMemoryNonceStore(clock), Duration.ofMinutes(5)),
            resolver,
            failure ->
                Status.PERMISSION_DENIED.withDescription(failure.getMessage()).asException());
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(interceptor.protect(new RecordingConnector().bindService()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private ConnectorServiceGrpc.ConnectorServiceBlockingStub signedBy(KeyPairJwk signer, Clock at) {
    return ConnectorServiceGrpc.newBlockingStub(channel)
        .withInterceptors(
            new RequestSigningInterceptor(new RequestSigner(signer, DID, at, new SecureRandom())));
  }

  @Test
  void signedCall_reachesTheMethodWithTheVerifiedCallInItsContext() {
    SendMessageRequest request = SendMessageRequest.newBuilder().setConnectionId("c-1").build();

    signedBy(key, clock).sendMessage(request);

    assertThat(served).hasSize(1);
    VerifiedCall call = served.get(0);
    assertThat(call.method()).isEqualTo(SEND);
    assertThat(call.did()).isEqualTo(DID);
    assertThat(call.keyId()).isEqualTo(key.kid());
    assertThat(call.requestBytes()).isEqualTo(request.toByteArray());
    assertThat(call.signature()).hasSize(64);
  }

  /**
   * PROTOCOL.md 2.2: a server-streaming call signs its single request message, the request bytes as
   * sent; an all-default request serialises to 0 bytes, and that is what is signed.
   */
  @Test
  void serverStreamingCall_withAnEmptyRequest_isSignedAndVerifiedOverZeroBytes() {
    String stream = ConnectorServiceGrpc.getGetMessageStreamMethod().getFullMethodName();

    signedBy(key, clock).getMessageStream(GetMessageStreamRequest.getDefaultInstance()).next();

    assertThat(served).hasSize(1);
    VerifiedCall call = served.get(0);
    assertThat(call.method()).isEqualTo(stream);
    assertThat(call.requestBytes()).isEmpty();
    byte[] signed =
        ("credrelay-request-v1\n"
                + stream
                + "\n"
                + call.nonce()
                + "\n"
                + call.timestamp().toEpochMilli()
                + "\n")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(key.publicKey().verifySignature(signed, call.signature())).isTrue();
  }

  @Test
  void unsignedCall_isUnauthenticated_withMissingSignature() {
    var unsigned = ConnectorServiceGrpc.newBlockingStub(channel);

    assertRefused(
        () -> unsigned.sendMessage(SendMessageRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "MISSING_SIGNATURE");
    assertThat(served).isEmpty();
  }

  @Test
  void signatureByAnotherKey_isUnauthenticated_withBadSignature() {
    assertRefused(
        () -> signedBy(otherKey, clock).sendMessage(SendMessageRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "BAD_SIGNATURE");
  }

  @Test
  void staleTimestamp_isUnauthenticated_withStaleTimestamp() {
    Clock behind = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);

    assertRefused(
        () -> signedBy(key, behind).sendMessage(SendMessageRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "STALE_TIMESTAMP");
  }

  @Test
  void replayedRequest_isUnauthenticated_withReplayedNonce() {
    byte[] bytes = SendMessageRequest.getDefaultInstance().toByteArray();
    Metadata headers = new Metadata();
    Map<String, String> signature =
        new RequestSigner(key, DID, clock, new SecureRandom()).sign(SEND, bytes);
    signature.forEach(
        (name, value) ->
            headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
    var replaying =
        ConnectorServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));

    replaying.sendMessage(SendMessageRequest.getDefaultInstance());

    assertRefused(
        () -> replaying.sendMessage(SendMessageRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "REPLAYED_NONCE");
    assertThat(served).hasSize(1);
  }

  @Test
  void resolverRefusal_isClosedWithTheServicesErrorMapping() {
    refuseSigner = true;

    assertThatThrownBy(
            () -> signedBy(key, clock).sendMessage(SendMessageRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).isEqualTo("signer not allowed");
            });
    assertThat(served).isEmpty();
  }

  @Test
  void publicRpc_passesUnsigned_withoutAVerifiedCall() {
    var unsigned = ConnectorServiceGrpc.newBlockingStub(channel);

    assertThat(unsigned.getConnectionTokenInfo(GetConnectionTokenInfoRequest.getDefaultInstance()))
        .isEqualTo(GetConnectionTokenInfoResponse.getDefaultInstance());
  }

  private static void assertRefused(Runnable call, Status.Code code, String reason) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              com.google.rpc.Status status = StatusProto.fromThrowable(e);
              assertThat(status).isNotNull();
              ErrorInfo info =
                  status.getDetailsList().stream()
                      .filter(any -> any.is(ErrorInfo.class))
                      .map(
                          any -> {
                            try {
                              return any.unpack(ErrorInfo.class);
                            } catch (Exception unpack) {
                              throw new AssertionError(unpack);
                            }
                          })
                      .findFirst()
                      .orElseThrow();
              assertThat(info.getReason()).isEqualTo(reason);
              assertThat(info.getDomain()).isEqualTo("credrelay.org");
            });
  }

  private final class RecordingConnector extends ConnectorServiceGrpc.ConnectorServiceImplBase {
    @Override
    public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> out) {
      served.add(VerifiedCall.current());
      out.onNext(SendMessageResponse.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void getMessageStream(
        GetMessageStreamRequest request, StreamObserver<GetMessageStreamResponse> out) {
      served.add(VerifiedCall.current());
      out.onNext(GetMessageStreamResponse.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void getConnectionTokenInfo(
        GetConnectionTokenInfoRequest request, StreamObserver<GetConnectionTokenInfoResponse> out) {
      assertThat(VerifiedCall.CONTEXT_KEY.get()).isNull();
      out.onNext(GetConnectionTokenInfoResponse.getDefaultInstance());
      out.onCompleted();
    }
  }
}
