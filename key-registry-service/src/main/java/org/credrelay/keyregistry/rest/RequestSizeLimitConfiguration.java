package org.credrelay.keyregistry.rest;

import org.credrelay.keyregistry.config.RestProperties;
import org.credrelay.keyregistry.error.ErrorCode;
import org.credrelay.restsupport.RequestSizeLimitFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers rest-support's {@link RequestSizeLimitFilter} first in the chain (S9) with the
 * registry's limits ({@code keyregistry.rest.*}); a 503 suggests the registry's usual retry delay.
 */
@Configuration(proxyBeanMethods = false)
public class RequestSizeLimitConfiguration {

  @Bean
  FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(RestProperties properties) {
    FilterRegistrationBean<RequestSizeLimitFilter> registration =
        new FilterRegistrationBean<>(
            new RequestSizeLimitFilter(
                properties.maxRequestSize().toBytes(),
                properties.maxInFlightRequestBytes().toBytes(),
                ErrorCode.RETRY_DELAY.toSeconds()));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
