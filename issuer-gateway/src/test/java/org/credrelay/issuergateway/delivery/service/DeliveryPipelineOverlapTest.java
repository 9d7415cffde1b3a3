package org.credrelay.issuergateway.delivery.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connection.service.PinnedKeyVerifier;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.testsupport.connector.FakeConnector.SendCall;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;

/**
 * A worker's drain claims, seals and stores its next batch while the previous one is being sent
 * (helper gwlatency: a credential accepted during a send no longer waits for the send's end before
 * it is even claimed), without taking back the leases of the batch in flight.
 */
class DeliveryPipelineOverlapTest extends GatewayIntegrationTest {

  @Autowired DeliveryStateMachine states;
  @Autowired DeliverySealStage sealStage;
  @Autowired ConnectorClient connectorClient;
  @Autowired PinnedKeyVerifier keyVerifier;
  @Autowired DeliveryOutcomeRecorder outcomes;
  @Autowired DeliveryThreads deliveryThreads;
  @Autowired DeliveryProperties properties;
  @Autowired IssuerIdentityCache identities;

  @Test
  void drain_claimsTheNextBatchWhileThePreviousIsBeingSent_andSendsEachDeliveryOnce()
      throws Exception {
    TestTenant tenant = createTenant("Overlapping Issuer");
    TestHolder holder = verifiedHolder(tenant);
    drainOutbox();
    UUID connectionId = gatewayConnectionId(tenant, holder);
    List<String> deliveryIds = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      deliveryIds.add(issueCredential(tenant, connectionId, "Holder " + i));
    }
    CountDownLatch secondClaimed = new CountDownLatch(1);
    AtomicBoolean firstSend = new AtomicBoolean(true);
    AtomicBoolean overlapped = new AtomicBoolean();
    DeliverySendStage holdingTheFirstSend =
        new DeliverySendStage(connectorClient, keyVerifier, outcomes, deliveryThreads, properties) {
          @Override
          void send(String owner, List<SealedDelivery> ready) {
            if (firstSend.getAndSet(false)) {
              // Without the overlap the second claim comes only after this send: never in time.
              overlapped.set(awaitQuietly(secondClaimed));
            }
            super.send(owner, ready);
          }
        };
    List<Integer> claims = new CopyOnWriteArrayList<>();
    DeliveryPipeline worker =
        new DeliveryPipeline(
            "overlapping-worker",
            new DeliveryClaimStage(states, batchesOfThree()),
            sealStage,
            holdingTheFirstSend,
            deliveryThreads,
            identities) {
          @Override
          protected void claimed(int count) {
            claims.add(count);
            if (claims.size() == 2) {
              secondClaimed.countDown();
            }
          }
        };

    worker.drain();

    assertThat(overlapped).as("the second batch was claimed during the first send").isTrue();
    assertThat(claims).containsExactly(3, 3);
    for (String id : deliveryIds) {
      assertThat(deliveryStatus(tenant, id).get("status").stringValue()).isEqualTo("SENT");
    }
    Map<String, Long> sendsPerDelivery =
        connector.sendCalls().stream()
            .map(SendCall::clientMessageId)
            .filter(deliveryIds::contains)
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(sendsPerDelivery)
        .hasSize(deliveryIds.size())
        .allSatisfy((id, sends) -> assertThat(sends).isOne());
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static DeliveryProperties batchesOfThree() {
    return new DeliveryProperties(
        true,
        Duration.ofSeconds(1),
        3,
        DataSize.ofMegabytes(16),
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        Duration.ZERO,
        Duration.ofMinutes(5),
        8,
        100,
        DataSize.ofMegabytes(4),
        Duration.ofSeconds(5),
        10_000);
  }
}
