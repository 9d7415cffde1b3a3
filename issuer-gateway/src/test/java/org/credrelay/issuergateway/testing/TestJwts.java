package org.credrelay.issuergateway.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Bearer JWTs signed with an RSA key generated for this test run (the OAuth2 issuer of tests). */
public final class TestJwts {

  private static final KeyPair TRUSTED = generate();
  private static final KeyPair UNTRUSTED = generate();

  private TestJwts() {}

  /** The public key the test JwtDecoder trusts. */
  public static RSAPublicKey trustedPublicKey() {
    return (RSAPublicKey) TRUSTED.getPublic();
  }

  public static String token(String issuer, Instant issuedAt, Instant expiresAt) {
    return sign(TRUSTED, issuer, issuedAt, expiresAt);
  }

  /** A well-formed token signed by a key nobody trusts. */
  public static String untrustedToken(String issuer, Instant issuedAt, Instant expiresAt) {
    return sign(UNTRUSTED, issuer, issuedAt, expiresAt);
  }

  private static String sign(KeyPair key, String issuer, Instant issuedAt, Instant expiresAt) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(),
          new JWTClaimsSet.Builder().issuer(issuer).subject("portal-user")
              .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(issuedAt))
              .expirationTime(Date.from(expiresAt)).build());
      jwt.sign(new RSASSASigner(key.getPrivate()));
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
