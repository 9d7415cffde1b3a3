package org.credrelay.issuergateway.credential.rest;

import io.swagger.v3.oas.models.media.ObjectSchema;
import org.credrelay.issuergateway.credential.service.CredentialDocument;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts {@link CredentialRequestConverter} before the general JSON converter, and documents a
 * credential as the JSON object it is on the wire.
 */
@Configuration(proxyBeanMethods = false)
class CredentialWebConfiguration implements WebMvcConfigurer {

  static {
    // A credential is carried as its raw bytes, but on the wire it is a JSON object.
    SpringDocUtils.getConfig().replaceWithSchema(CredentialDocument.class, new ObjectSchema());
  }

  private final JsonMapper json;

  CredentialWebConfiguration(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
    builder.addCustomConverter(new CredentialRequestConverter(json));
  }
}
