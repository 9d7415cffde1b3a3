package org.credrelay.issuergateway.connectorclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 9: the gateway notices that its peer is back from the gRPC channel's state, not
 * from a timer. A real Netty gRPC server is stopped and started again on the same port; the
 * listener runs once per comeback.
 */
class ChannelReadinessTest {

  @Test
  void peerStoppedAndRestarted_listenerRunsWhenTheChannelIsReadyAgain() throws Exception {
    Server server =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).build().start();
    int port = server.getPort();
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("localhost", port, InsecureChannelCredentials.create())
            .build();
    try {
      AtomicInteger comebacks = new AtomicInteger();
      ChannelReadiness readiness = new ChannelReadiness(channel, "peer");
      readiness.onReady(comebacks::incrementAndGet);
      readiness.start();
      channel.getState(true); // what the first call does: connect; the first READY counts too
      await().atMost(Duration.ofSeconds(10)).until(() -> comebacks.get() == 1);
      int before = comebacks.get();

      server.shutdownNow().awaitTermination();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> readiness.state() != ConnectivityState.READY);
      assertThat(comebacks.get()).isEqualTo(before);

      server =
          Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create()).build().start();
      await().atMost(Duration.ofSeconds(15)).until(() -> comebacks.get() == before + 1);
      assertThat(readiness.state()).isEqualTo(ConnectivityState.READY);
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
