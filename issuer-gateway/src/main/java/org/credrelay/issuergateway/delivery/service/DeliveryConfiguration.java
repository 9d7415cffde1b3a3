package org.credrelay.issuergateway.delivery.service;

import java.util.ArrayList;
import java.util.List;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This replica's delivery workers ({@code gateway.delivery.workers} pipelines, each with its own
 * worker id), the thread pool their seal and send stages share, and the runner that drains them
 * when woken after a commit and when {@link DeliveryPollJob} asks (only when {@code
 * gateway.delivery.enabled}).
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

  @Bean(destroyMethod = "close")
  DeliveryThreads deliveryThreads(DeliveryProperties properties) {
    return new DeliveryThreads(properties.concurrency());
  }

  @Bean
  DeliveryClaimStage deliveryClaimStage(
      DeliveryStateMachine states, DeliveryProperties properties) {
    return new DeliveryClaimStage(states, properties);
  }

  @Bean
  DeliveryPipeline deliveryPipeline(
      DeliveryClaimStage claimStage,
      DeliverySealStage sealStage,
      DeliverySendStage sendStage,
      DeliveryThreads threads,
      IssuerIdentityCache identities) {
    return new DeliveryPipeline(
        DeliveryPipeline.newWorkerId(), claimStage, sealStage, sendStage, threads, identities);
  }

  /**
   * The {@link DeliveryPipeline} bean (which tests drive by hand) and {@code
   * gateway.delivery.workers - 1} more, each with its own worker id.
   */
  @Bean(destroyMethod = "close")
  DeliveryPipelineRunner deliveryPipelineRunner(
      DeliveryPipeline pipeline,
      DeliveryClaimStage claimStage,
      DeliverySealStage sealStage,
      DeliverySendStage sendStage,
      DeliveryThreads threads,
      IssuerIdentityCache identities,
      DeliveryProperties properties) {
    List<DeliveryPipeline> workers = new ArrayList<>(List.of(pipeline));
    while (workers.size() < properties.workers()) {
      workers.add(
          new DeliveryPipeline(
              DeliveryPipeline.newWorkerId(),
              claimStage,
              sealStage,
              sendStage,
              threads,
              identities));
    }
    return new DeliveryPipelineRunner(workers, properties.enabled());
  }
}
