package org.credrelay.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.connector.v1.GetConnectionsPaginatedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * RPC handlers run on the fixed pool of connector.grpc.handler-threads, however many calls wait.
 */
class GrpcHandlerThreadsTest extends ConnectorIntegrationTest {

  @Autowired private GrpcServerProperties grpc;

  @Test
  void manyConcurrentCalls_runOnTheFixedHandlerPool() throws Exception {
    TestParty issuer = registeredIssuer();
    int calls = grpc.handlerThreads() * 3;
    ExecutorService clients = Executors.newFixedThreadPool(calls);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        done.add(
            clients.submit(
                () ->
                    issuer
                        .stub(channel)
                        .getConnectionsPaginated(
                            GetConnectionsPaginatedRequest.getDefaultInstance())));
      }
      for (Future<?> call : done) {
        call.get();
      }
    } finally {
      clients.shutdownNow();
    }

    long handlerThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("connector-grpc-"))
            .count();
    assertThat(handlerThreads).isBetween(1L, (long) grpc.handlerThreads());
  }
}
