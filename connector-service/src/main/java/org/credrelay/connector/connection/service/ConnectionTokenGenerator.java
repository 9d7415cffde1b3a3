package org.credrelay.connector.connection.service;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import org.credrelay.connector.config.ConnectionProperties;
import org.springframework.stereotype.Component;

/** Connection tokens: {@code token-bytes} (>= 16) from a CSPRNG, base64url without padding. */
@Component
public class ConnectionTokenGenerator {

  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{22,128}");

  private final SecureRandom random;
  private final int tokenBytes;

  public ConnectionTokenGenerator(SecureRandom random, ConnectionProperties properties) {
    this.random = random;
    this.tokenBytes = properties.tokenBytes();
  }

  public String next() {
    byte[] bytes = new byte[tokenBytes];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code token} has the shape of a token (checked before any lookup). */
  public static boolean isWellFormed(String token) {
    return token != null && WELL_FORMED.matcher(token).matches();
  }
}
