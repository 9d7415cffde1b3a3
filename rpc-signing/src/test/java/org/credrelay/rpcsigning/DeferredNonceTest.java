package org.credrelay.rpcsigning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.InMemoryNonceStore;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.GetConnectionsPaginatedRequest;
import org.credrelay.proto.connector.v1.GetConnectionsPaginatedResponse;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.connector.v1.SendMessageResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rpcs that record their own nonce (decision 0047-connsend): SendMessage here is one, and its
 * service records the {@link DeferredNonce} or not; GetConnectionsPaginated is not, and keeps the
 * nonce recorded before the method.
 */
class DeferredNonceTest {

  private static final String DID = "did:example:issuer";
  private static final String SEND =
      ConnectorServiceGrpc.getSendMessageMethod().getFullMethodName();

  private final Clock clock = Clock.systemUTC();
  private final KeyPairJwk key = Keys.generateAuthentication();
  private final InMemoryNonceStore nonces = new InMemoryNonceStore(clock);
  private final List<Optional<DeferredNonce>> seen = new CopyOnWriteArrayList<>();
  private volatile boolean serviceRecords;
  private volatile boolean serviceThrows;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    SignatureVerifyingInterceptor interceptor =
        new SignatureVerifyingInterceptor(
            new RequestVerifier(clock, nonces, Duration.ofMinutes(5)),
            call -> key.publicKey(),
            failure -> Status.INTERNAL.withDescription(failure.getMessage()).asException(),
            nonces,
            Set.of(SEND));
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(interceptor.protect(new Connector().bindService()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void deferredRpc_recordedByTheService_isNotRecordedAgain_andAReplayReachesTheServiceToRefuse() {
    serviceRecords = true;
    SendMessageRequest request = SendMessageRequest.newBuilder().setConnectionId("c").build();
    Map<String, String> signed = sign(SEND, request.toByteArray());

    stub(signed).sendMessage(request);

    assertThat(seen).singleElement().satisfies(n -> assertThat(n).isPresent());
    assertThat(seen.get(0).orElseThrow().isRecorded()).isTrue();
    // The service's own recording was the first: a second one by the interceptor would be refused.
    assertThatThrownBy(() -> stub(signed).sendMessage(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).containsIgnoringCase("replayed"));
  }

  @Test
  void deferredRpc_notRecordedByTheService_isRecordedByTheInterceptorWhenTheCallCloses() {
    serviceRecords = false;
    SendMessageRequest request = SendMessageRequest.newBuilder().setConnectionId("c").build();
    Map<String, String> signed = sign(SEND, request.toByteArray());

    stub(signed).sendMessage(request);

    assertThat(seen.get(0).orElseThrow().isRecorded()).isTrue();
    // A replay reaches the service, which again does not record: the interceptor answers it.
    assertThatThrownBy(() -> stub(signed).sendMessage(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription()).startsWith("REPLAYED_NONCE");
            });
    assertThat(
            nonces.markUsed(signed.get(RequestSignatureHeaders.KEY_ID), nonceOf(signed), later()))
        .as("already used")
        .isFalse();
  }

  @Test
  void deferredRpc_whoseMethodThrows_hasItsNonceRecorded_andItsReplayIsReplayedNonce() {
    serviceThrows = true;
    SendMessageRequest request = SendMessageRequest.newBuilder().setConnectionId("c").build();
    Map<String, String> signed = sign(SEND, request.toByteArray());

    assertThatThrownBy(() -> stub(signed).sendMessage(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN));
    assertThatThrownBy(() -> stub(signed).sendMessage(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).startsWith("REPLAYED_NONCE"));
  }

  @Test
  void deferredRpc_withABadSignature_recordsNothing_andNeverReachesTheService() {
    SendMessageRequest request = SendMessageRequest.newBuilder().setConnectionId("c").build();
    Map<String, String> signedOther =
        sign(SEND, SendMessageRequest.newBuilder().setConnectionId("other").build().toByteArray());

    assertThatThrownBy(() -> stub(signedOther).sendMessage(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

    assertThat(seen).isEmpty();
    assertThat(nonces.markUsed(key.kid(), nonceOf(signedOther), later()))
        .as("still fresh")
        .isTrue();
  }

  @Test
  void otherRpcs_recordTheirNonceBeforeTheMethod_andHaveNoDeferredNonce() {
    String list = ConnectorServiceGrpc.getGetConnectionsPaginatedMethod().getFullMethodName();
    GetConnectionsPaginatedRequest request = GetConnectionsPaginatedRequest.getDefaultInstance();
    Map<String, String> signed = sign(list, request.toByteArray());

    stub(signed).getConnectionsPaginated(request);

    assertThat(seen).singleElement().satisfies(n -> assertThat(n).isEmpty());
    assertThatThrownBy(() -> stub(signed).getConnectionsPaginated(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(seen).hasSize(1);
  }

  private Map<String, String> sign(String method, byte[] request) {
    return new RequestSigner(key, DID, clock, new SecureRandom()).sign(method, request);
  }

  private ConnectorServiceGrpc.ConnectorServiceBlockingStub stub(Map<String, String> signed) {
    Metadata metadata = new Metadata();
    signed.forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    return ConnectorServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
  }

  private static String nonceOf(Map<String, String> signed) {
    return signed.get(RequestSignatureHeaders.NONCE);
  }

  private java.time.Instant later() {
    return clock.instant().plus(Duration.ofMinutes(5));
  }

  private final class Connector extends ConnectorServiceGrpc.ConnectorServiceImplBase {
    @Override
    public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> out) {
      Optional<DeferredNonce> nonce = DeferredNonce.current();
      seen.add(nonce);
      if (serviceThrows) {
        throw new IllegalStateException("refused before any write");
      }
      if (serviceRecords) {
        DeferredNonce deferred = nonce.orElseThrow();
        if (!nonces.markUsed(deferred.keyId(), deferred.nonce(), deferred.expiresAt())) {
          out.onError(Status.UNAUTHENTICATED.withDescription("replayed").asException());
          return;
        }
        deferred.markRecorded();
      }
      out.onNext(SendMessageResponse.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void getConnectionsPaginated(
        GetConnectionsPaginatedRequest request,
        StreamObserver<GetConnectionsPaginatedResponse> out) {
      seen.add(DeferredNonce.current());
      out.onNext(GetConnectionsPaginatedResponse.getDefaultInstance());
      out.onCompleted();
    }
  }
}
