package org.credrelay.issuergateway.credential.rest;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Puts {@link CredentialRequestConverter} before the general JSON converter. */
@Configuration(proxyBeanMethods = false)
class CredentialWebConfiguration implements WebMvcConfigurer {

  private final JsonMapper json;

  CredentialWebConfiguration(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
    builder.addCustomConverter(new CredentialRequestConverter(json));
  }
}
