package org.credrelay.issuergateway.delivery.service;

import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This replica's delivery pipeline (one worker id), the thread pool its seal and send stages share,
 * and the runner that drains it when woken after a commit and when {@link DeliveryPollJob} asks
 * (only when {@code gateway.delivery.enabled}).
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

  @Bean(destroyMethod = "close")
  DeliveryPipelineRunner deliveryPipelineRunner(
      DeliveryPipeline pipeline, DeliveryProperties properties) {
    return new DeliveryPipelineRunner(pipeline, properties.enabled());
  }
}
