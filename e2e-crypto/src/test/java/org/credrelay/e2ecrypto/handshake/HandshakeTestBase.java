package org.credrelay.e2ecrypto.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.testsupport.MutableClock;

/** Both parties of one invitation, their keys, and the assertions the handshake tests share. */
abstract class HandshakeTestBase {

  static final String ISSUER_DID = "did:example:issuer";

  final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  final SecureRandom random = new SecureRandom();
  final HolderHandshake holder =
      new HolderHandshake(clock, random, new InMemoryJtiStore(clock), HandshakePolicy.defaults());
  final IssuerHandshake issuer =
      new IssuerHandshake(clock, random, new InMemoryJtiStore(clock), HandshakePolicy.defaults());
  final Invitation invitation =
      Invitation.create("token-1", ISSUER_DID, clock.instant().plus(Duration.ofHours(1)), random);
  final PublicKeyJwk holderComm = Keys.generate(KeyCurve.X25519).publicKey();
  final PublicKeyJwk holderAuth = Keys.generate(KeyCurve.ED25519).publicKey();
  final PublicKeyJwk issuerComm =
      Keys.generate(KeyCurve.X25519).publicKey().withKid(ISSUER_DID + "#comm-1");
  final PublicKeyJwk issuerAuth =
      Keys.generate(KeyCurve.SECP256K1).publicKey().withKid(ISSUER_DID + "#auth-1");

  static Map<String, Object> claims(String jwt) {
    return Json.parseObject(Base64Url.decode(jwt.split("\\.")[1]), 16384);
  }

  static Map<String, Object> header(String jwt) {
    return Json.parseObject(Base64Url.decode(jwt.split("\\.")[0]), 16384);
  }

  static String b64json(String json) {
    return Base64Url.encode(json.getBytes(StandardCharsets.UTF_8));
  }

  void assertIssuerRefuses(String jwt, HandshakeException.Reason reason) {
    assertThatThrownBy(() -> issuer.verifyHello(invitation, jwt, List.of()))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }

  void assertHolderRefuses(HolderHello hello, String jwt, HandshakeException.Reason reason) {
    assertThatThrownBy(() -> holder.verifyReply(hello, jwt, List.of()))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
