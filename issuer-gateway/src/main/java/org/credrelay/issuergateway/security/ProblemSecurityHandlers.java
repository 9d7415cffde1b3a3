package org.credrelay.issuergateway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.credrelay.issuergateway.error.ErrorCode;
import org.credrelay.issuergateway.error.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as problem+json, like every other error of the API. */
@Component
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final JsonMapper json;

  public ProblemSecurityHandlers(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE,
        "Bearer realm=\"issuer-gateway\", " + "ApiKey header=\"X-Api-Key\"");
    write(
        response,
        ErrorCode.UNAUTHENTICATED,
        "missing or invalid credentials: send X-Api-Key or an OAuth2 bearer token");
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
      throws IOException {
    write(response, ErrorCode.FORBIDDEN, "these credentials may not use this endpoint");
  }

  void write(HttpServletResponse response, ErrorCode code, String detail) throws IOException {
    response.setStatus(code.status().value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), Problems.of(code, detail));
  }
}
