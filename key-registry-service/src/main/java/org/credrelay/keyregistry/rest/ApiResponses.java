package org.credrelay.keyregistry.rest;

import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;

/** Helpers shared by the REST controllers. */
public final class ApiResponses {

  /** Media type of RFC 9457 problem documents, for OpenAPI annotations. */
  public static final String PROBLEM_JSON = "application/problem+json";

  private ApiResponses() {}

  /** 200 with {@code Cache-Control: max-age=<seconds>}, so HTTP caches honour the same bound. */
  public static <T> ResponseEntity<T> cacheable(T body, int maxAgeSeconds) {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofSeconds(maxAgeSeconds)))
        .body(body);
  }
}
