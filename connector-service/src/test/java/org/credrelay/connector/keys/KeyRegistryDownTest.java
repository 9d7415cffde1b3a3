package org.credrelay.connector.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.credrelay.connector.config.KeyRegistryProperties;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.error.GrpcErrorMapper;
import org.credrelay.connector.keys.service.KeyRegistryClient;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysResponse;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysRequest;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The key registry down (nothing listens on its port) or hanging (answers nothing before the
 * deadline): every registry call the connector makes fails as UNAVAILABLE, which the error mapper
 * sends with RetryInfo (issue 13 item 4). Real Netty channels and servers.
 */
class KeyRegistryDownTest {

  private static final KeyRegistryProperties PROPERTIES =
      new KeyRegistryProperties("unused", Duration.ofMillis(500), Duration.ZERO, 100, "");

  private ManagedChannel channel;
  private Server hanging;

  @AfterEach
  void close() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (hanging != null) {
      hanging.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void registryNotListening_lookupsAndRegistrations_areUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    KeyRegistryClient client = clientTo(closedPort);

    assertUnavailable(
        () -> client.activeKeys(new KeyOwner.Did("did:example:x"), KeyUse.COMMUNICATION));
    assertUnavailable(() -> client.registerConnectionKeys(registration()));
  }

  @Test
  void registryNotAnsweringBeforeTheDeadline_isUnavailable() throws Exception {
    hanging =
        ServerBuilder.forPort(0)
            .addService(
                new KeyRegistryServiceGrpc.KeyRegistryServiceImplBase() {
                  @Override
                  public void getActiveKeys(
                      GetActiveKeysRequest request,
                      StreamObserver<GetActiveKeysResponse> responses) {
                    // never answers
                  }

                  @Override
                  public void registerConnectionKeys(
                      RegisterConnectionKeysRequest request,
                      StreamObserver<RegisterConnectionKeysResponse> responses) {
                    // never answers
                  }
                })
            .build()
            .start();
    KeyRegistryClient client = clientTo(hanging.getPort());

    assertUnavailable(
        () -> client.activeKeys(new KeyOwner.Did("did:example:x"), KeyUse.COMMUNICATION));
    assertUnavailable(() -> client.registerConnectionKeys(registration()));
  }

  private KeyRegistryClient clientTo(int port) {
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    return new KeyRegistryClient(
        KeyRegistryServiceGrpc.newBlockingStub(channel),
        new RequestSigner(
            Keys.generateAuthentication(), null, Clock.systemUTC(), new SecureRandom()),
        Clock.systemUTC(),
        PROPERTIES);
  }

  private static HolderKeyRegistration registration() {
    return new HolderKeyRegistration(UUID.randomUUID(), "token", "{}", "{}", new byte[64]);
  }

  private static void assertUnavailable(ThrowingCallable call) {
    Throwable failure = catchThrowable(call);
    assertThat(failure).isInstanceOf(ConnectorException.class);
    assertThat(((ConnectorException) failure).reason())
        .isEqualTo(ErrorReason.KEY_REGISTRY_UNAVAILABLE);
    assertThat(new GrpcErrorMapper().toStatusException(failure).getStatus().getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
  }
}
