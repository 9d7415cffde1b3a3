package org.credrelay.issuergateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.credrelay.issuergateway.testing.RealPortGatewayTest;
import org.credrelay.issuergateway.testing.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 3: an attacker with a token of the right identity provider but for another service,
 * without expiry, expired, not yet valid, unsigned, or forged with HS256 keyed by the public key.
 * The gateway fetches the keys from a real local JWK set server (jwk-set-uri) as in production.
 */
class BearerTokenAttackTest extends RealPortGatewayTest {

  private String issuer;
  private Instant now;

  @BeforeEach
  void tenantWithOauthIssuer() throws Exception {
    issuer = "https://login.test/realms/" + UUID.randomUUID();
    createTenant("Bearer Co", issuer);
    now = clock.instant();
  }

  @Test
  void validToken_forThisAudience_isAccepted() throws Exception {
    expect(get(TestJwts.signTrusted(claims().build())), 200, null);
  }

  @Test
  void tokenForAnotherAudience_is401() throws Exception {
    expect(
        get(TestJwts.signTrusted(claims().audience("some-other-service").build())),
        401,
        "UNAUTHENTICATED");
  }

  @Test
  void tokenWithoutAudience_is401() throws Exception {
    expect(
        get(TestJwts.signTrusted(claims().audience((String) null).build())),
        401,
        "UNAUTHENTICATED");
  }

  @Test
  void tokenWithoutExp_is401() throws Exception {
    expect(
        get(TestJwts.signTrusted(TestJwts.claims(issuer, now, null).build())),
        401,
        "UNAUTHENTICATED");
  }

  @Test
  void expiredToken_is401() throws Exception {
    expect(
        get(
            TestJwts.signTrusted(
                TestJwts.claims(
                        issuer, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)))
                    .build())),
        401,
        "UNAUTHENTICATED");
  }

  @Test
  void tokenNotValidBeforeTheFuture_beyondTheSkew_is401() throws Exception {
    expect(
        get(
            TestJwts.signTrusted(
                claims().notBeforeTime(Date.from(now.plus(Duration.ofMinutes(10)))).build())),
        401,
        "UNAUTHENTICATED");
  }

  @Test
  void tokenLivingLongerThanTheMaximum_is401() throws Exception {
    expect(
        get(
            TestJwts.signTrusted(
                TestJwts.claims(issuer, now, now.plus(Duration.ofDays(30))).build())),
        401,
        "UNAUTHENTICATED");
  }

  @Test
  void unsignedToken_algNone_is401() throws Exception {
    expect(get(new PlainJWT(claims().build()).serialize()), 401, "UNAUTHENTICATED");
  }

  @Test
  void hs256Token_keyedWithThePublicKey_is401() throws Exception {
    expect(get(hs256WithPublicKey(claims().build())), 401, "UNAUTHENTICATED");
  }

  private JWTClaimsSet.Builder claims() {
    return TestJwts.claims(issuer, now.minusSeconds(5), now.plus(Duration.ofMinutes(5)));
  }

  private java.net.http.HttpResponse<String> get(String token) throws Exception {
    return send("GET", "/api/v1/tenant", null, "Authorization", "Bearer " + token);
  }

  /** The classic key-confusion forgery: HMAC keyed with the bytes of the RSA public key. */
  private static String hs256WithPublicKey(JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("test").build(), claims);
    jwt.sign(new MACSigner(TestJwts.trustedPublicKey().getEncoded()));
    return jwt.serialize();
  }
}
