package org.credrelay.issuergateway.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two transactions changing one connection at once must not undo each other: the state
 * synchronisation's ACCEPTED, read before a concurrent change committed, once overwrote that change
 * (a handshake's VERIFIED), so the connection stayed ACCEPTED for good.
 */
class ConcurrentConnectionChangeTest extends GatewayIntegrationTest {

  @Autowired TransactionTemplate transactions;

  @Test
  void acceptedFromTheStateSync_doesNotUndoAChangeCommittedMeanwhile() throws Exception {
    TestTenant tenant = createTenant("Racing Co");
    UUID id = createInvitation(tenant).id();
    CountDownLatch changed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> revocation =
        CompletableFuture.runAsync(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      connections.lock(id);
                      connections.close(id, ConnectionState.REVOKED, "test", clock.instant());
                      changed.countDown();
                      awaitLatch(release);
                    }));
    awaitLatch(changed);
    // The state synchronisation saw the holder accept at the connector, while the row is locked.
    CompletableFuture<Boolean> accepted =
        CompletableFuture.supplyAsync(
            () -> connections.markAccepted(id, "holder-key", clock.instant()));
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.sql(
                            "SELECT count(*) FROM pg_stat_activity"
                                + " WHERE wait_event_type = 'Lock' AND query LIKE '%connections%'")
                        .query(Long.class)
                        .single()
                    > 0);
    release.countDown();
    revocation.get(10, TimeUnit.SECONDS);

    assertThat(accepted.get(10, TimeUnit.SECONDS)).isFalse();
    Connection connection = connections.get(id).orElseThrow();
    assertThat(connection.state()).isEqualTo(ConnectionState.REVOKED);
    assertThat(connection.lastErrorCode()).isEqualTo(ConnectionErrorCode.REVOKED);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
