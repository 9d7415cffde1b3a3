package org.credrelay.issuergateway.rest;

/** Names shared by the OpenAPI annotations of the controllers. */
public final class ApiDocs {

  public static final String PROBLEM_JSON = "application/problem+json";
  public static final String API_KEY_SCHEME = "apiKey";
  public static final String BEARER_SCHEME = "bearerJwt";

  private ApiDocs() {}
}
