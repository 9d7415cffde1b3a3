package org.credrelay.issuergateway.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;

/** JSON input is strict: a repeated member name (ambiguous in a credential) is a 400. */
@Configuration(proxyBeanMethods = false)
public class JacksonConfiguration {

  @Bean
  JsonMapperBuilderCustomizer strictDuplicates() {
    return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }
}
