package org.credrelay.issuergateway.rest;

import org.credrelay.issuergateway.config.ApiProperties;
import org.credrelay.restsupport.RequestSizeLimitFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers rest-support's {@link RequestSizeLimitFilter} first in the chain (S9), with the
 * gateway's limits: {@code gateway.api.max-request-size} per request, {@code
 * gateway.api.max-in-flight-request-bytes} for all requests in progress and {@code
 * gateway.api.retry-after} on a 503.
 */
@Configuration(proxyBeanMethods = false)
public class RequestSizeLimitConfiguration {

  @Bean
  FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(ApiProperties properties) {
    FilterRegistrationBean<RequestSizeLimitFilter> registration =
        new FilterRegistrationBean<>(
            new RequestSizeLimitFilter(
                properties.maxRequestSize().toBytes(),
                properties.maxInFlightRequestBytes().toBytes(),
                Math.max(1, properties.retryAfter().toSeconds())));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
