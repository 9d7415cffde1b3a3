package org.credrelay.issuergateway.rest;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document's header, its two authentication schemes, and the error responses every
 * operation can return (400, 401, 403, 429, 431, 500, 503), added here once instead of on each
 * endpoint.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

  static {
    // Jackson 3 trees (free-form JSON such as a credential document) are JSON objects in the API.
    SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
  }

  @Bean
  OpenAPI gatewayOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("credrelay issuer gateway")
                .version("v1")
                .description(
                    "REST API for issuer portals: tenants, invitations, connections, "
                        + "credentials and their delivery. Errors are RFC 9457 application/problem+json."))
        .components(
            new Components()
                .addSecuritySchemes(
                    ApiDocs.API_KEY_SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("X-Api-Key")
                        .description(
                            "A tenant API key, or the operator's bootstrap key for /api/v1/admin"))
                .addSecuritySchemes(
                    ApiDocs.BEARER_SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("An OAuth2 access token whose issuer claim maps to a tenant")))
        .addSecurityItem(new SecurityRequirement().addList(ApiDocs.API_KEY_SCHEME))
        .addSecurityItem(new SecurityRequirement().addList(ApiDocs.BEARER_SCHEME));
  }

  @Bean
  OperationCustomizer standardErrorResponses() {
    return (operation, handlerMethod) -> {
      ApiResponses responses = operation.getResponses();
      addIfAbsent(responses, "401", "Missing or invalid credentials (UNAUTHENTICATED)");
      addIfAbsent(responses, "403", "Not a tenant credential (FORBIDDEN)");
      addIfAbsent(responses, "400", "Malformed request, header or path (INVALID_REQUEST)");
      addIfAbsent(responses, "431", "Request headers too large (REQUEST_HEADERS_TOO_LARGE)");
      addIfAbsent(responses, "500", "Internal error, a bug (INTERNAL)");
      addIfAbsent(
          responses,
          "503",
          "The database or an upstream service is unavailable, or the gateway is busy "
              + "(UNAVAILABLE, UPSTREAM_UNAVAILABLE); retry after Retry-After seconds");
      responses
          .get("503")
          .addHeaderObject(
              "Retry-After",
              new Header()
                  .description("Seconds to wait before retrying")
                  .schema(new IntegerSchema()));
      addIfAbsent(
          responses,
          "429",
          "Rate limit exceeded; retry after the Retry-After header's " + "seconds (RATE_LIMITED)");
      return operation;
    };
  }

  private static void addIfAbsent(ApiResponses responses, String status, String description) {
    if (!responses.containsKey(status)) {
      responses.addApiResponse(
          status,
          new ApiResponse()
              .description(description)
              .content(
                  new Content()
                      .addMediaType(
                          ApiDocs.PROBLEM_JSON,
                          new MediaType()
                              .schema(new Schema<>().$ref("#/components/schemas/ProblemDetail")))));
    }
  }
}
