package org.credrelay.keyregistry.rest;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** OpenAPI document ({@code /v3/api-docs}) and Swagger UI ({@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info =
        @Info(
            title = "credrelay key registry",
            version = "v1",
            description =
                "Which communication keys may be used to encrypt for a DID or a connection now, "
                    + "which were valid before, and the signed, hash-chained key history. Key changes go through "
                    + "gRPC (KeyRegistryService); REST serves reads and operator actions. Errors are RFC 9457 "
                    + "problem documents (type urn:credrelay:problem:<code>) with a machine-readable `code`."))
@SecurityScheme(
    name = "operatorToken",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "The operator token whose SHA-256 is keyregistry.operator.token-sha256")
public class OpenApiConfiguration {}
