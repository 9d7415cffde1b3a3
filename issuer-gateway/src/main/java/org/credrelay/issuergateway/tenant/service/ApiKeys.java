package org.credrelay.issuergateway.tenant.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys: {@code crgw_<key id>_<secret>}, a public key id of 64 random bits (16 hex characters,
 * safe to log) and a secret of 256 random bits. The prefix makes them recognisable in secret
 * scanners. Keys issued before key ids existed are {@code crgw_<secret>}; they still work.
 */
public final class ApiKeys {

  public static final String PREFIX = "crgw_";
  private static final int KEY_ID_BYTES = 8;
  private static final int KEY_BYTES = 32;
  private static final Pattern WITH_KEY_ID =
      Pattern.compile("crgw_([0-9a-f]{16})_[A-Za-z0-9_-]{43}");

  private ApiKeys() {}

  /** A new key and its id. */
  public static GeneratedApiKey generate(SecureRandom random) {
    byte[] id = new byte[KEY_ID_BYTES];
    random.nextBytes(id);
    byte[] secret = new byte[KEY_BYTES];
    random.nextBytes(secret);
    String keyId = HexFormat.of().formatHex(id);
    return new GeneratedApiKey(
        keyId,
        PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** The key id a presented key carries, unverified: only for naming it in logs. */
  public static Optional<String> claimedKeyId(String apiKey) {
    Matcher matcher = WITH_KEY_ID.matcher(apiKey);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** SHA-256 of the key as sent in the header: what is stored and compared. */
  public static byte[] hash(String apiKey) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** A freshly generated key, shown to the caller once. */
  public record GeneratedApiKey(String keyId, String apiKey) {

    @Override
    public String toString() {
      return "GeneratedApiKey[keyId=" + keyId + ", apiKey redacted]";
    }
  }
}
