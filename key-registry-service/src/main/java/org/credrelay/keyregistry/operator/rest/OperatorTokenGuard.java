package org.credrelay.keyregistry.operator.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.credrelay.keyregistry.config.OperatorProperties;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards {@value #PATHS}: checks {@code Authorization: Bearer <token>} against {@code
 * keyregistry.operator.token-sha256} (SHA-256 of the presented token, compared in constant time)
 * before the handler runs or the body is read.
 */
@Component
public class OperatorTokenGuard implements HandlerInterceptor, WebMvcConfigurer {

  public static final String PATHS = "/api/v1/operator/**";

  static final int MAX_TOKEN_LENGTH = 512;

  private final byte[] expectedDigest;

  public OperatorTokenGuard(OperatorProperties properties) {
    this.expectedDigest =
        properties.enabled() ? HexFormat.of().parseHex(properties.tokenSha256()) : null;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns(PATHS);
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    check(request.getHeader(HttpHeaders.AUTHORIZATION));
    return true;
  }

  /**
   * @throws RegistryException PERMISSION_DENIED / OPERATOR_DISABLED if no token is configured,
   *     UNAUTHENTICATED / BAD_OPERATOR_TOKEN if the header is absent, malformed or wrong
   */
  public void check(String authorizationHeader) {
    if (expectedDigest == null) {
      throw new RegistryException(
          Reason.OPERATOR_DISABLED,
          "operator actions are disabled (keyregistry.operator.token-sha256 is not set)");
    }
    if (authorizationHeader == null
        || !authorizationHeader.startsWith("Bearer ")
        || authorizationHeader.length() > "Bearer ".length() + MAX_TOKEN_LENGTH) {
      throw new RegistryException(
          Reason.BAD_OPERATOR_TOKEN, "Authorization: Bearer <operator token> is required");
    }
    byte[] presented = sha256(authorizationHeader.substring("Bearer ".length()));
    if (!MessageDigest.isEqual(presented, expectedDigest)) {
      throw new RegistryException(Reason.BAD_OPERATOR_TOKEN, "wrong operator token");
    }
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
