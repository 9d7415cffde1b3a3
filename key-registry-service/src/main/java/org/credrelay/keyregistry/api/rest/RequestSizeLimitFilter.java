package org.credrelay.keyregistry.api.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses REST request bodies over {@value #MAX_BODY_BYTES} bytes with 413 problem+json before
 * reading them (S9). Bodies without a declared length are refused too: no endpoint needs chunked
 * uploads, and refusing them is simpler than counting.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

  public static final int MAX_BODY_BYTES = 16 * 1024;

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    long length = request.getContentLengthLong();
    boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
    if (length > MAX_BODY_BYTES || chunked) {
      response.setStatus(413);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.getWriter().write("{\"type\":\"urn:credrelay:keyregistry:problem:request-too-large\","
          + "\"title\":\"REQUEST_TOO_LARGE\",\"status\":413,\"detail\":\"request bodies are limited to "
          + MAX_BODY_BYTES + " bytes with a declared Content-Length\",\"reason\":\"REQUEST_TOO_LARGE\"}");
      return;
    }
    chain.doFilter(request, response);
  }
}
