package org.credrelay.issuergateway.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
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

  /** The audience the tests' gateway expects (gateway.security.oauth2.audience). */
  public static final String AUDIENCE = "issuer-gateway-test";

  private static final KeyPair TRUSTED = generate();
  private static final KeyPair UNTRUSTED = generate();
  private static final String KEY_ID = "test";

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

  /** The trusted key as a public JWK set, as an identity provider serves it. */
  public static String trustedJwkSet() {
    return new JWKSet(new RSAKey.Builder(trustedPublicKey()).keyID(KEY_ID).build()).toString();
  }

  /** Claims as the tests' identity provider issues them: audience, iat, exp, a fresh jti. */
  public static JWTClaimsSet.Builder claims(String issuer, Instant issuedAt, Instant expiresAt) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("portal-user")
        .audience(AUDIENCE)
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(issuedAt))
        .expirationTime(expiresAt == null ? null : Date.from(expiresAt));
  }

  /** Signs any claims with the trusted key (RS256). */
  public static String signTrusted(JWTClaimsSet claims) {
    return sign(TRUSTED, claims);
  }

  private static String sign(KeyPair key, String issuer, Instant issuedAt, Instant expiresAt) {
    return sign(key, claims(issuer, issuedAt, expiresAt).build());
  }

  private static String sign(KeyPair key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID).build(), claims);
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
