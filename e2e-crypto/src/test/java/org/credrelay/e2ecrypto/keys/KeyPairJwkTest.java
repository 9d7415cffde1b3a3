package org.credrelay.e2ecrypto.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bouncycastle.util.BigIntegers;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyPairJwkTest {

  @ParameterizedTest
  @EnumSource(KeyCurve.class)
  void privateJson_roundTrips_forEveryCurve(KeyCurve curve) throws Exception {
    KeyPairJwk key = Keys.generate(curve).withKid("did:example:x#k");

    KeyPairJwk parsed = KeyPairJwk.parse(key.toPrivateJson(), curve.use());

    assertThat(parsed.publicKey()).isEqualTo(key.publicKey());
    assertThat(parsed.toPrivateJson()).isEqualTo(key.toPrivateJson());
  }

  @Test
  void parse_withDOfAnotherKey_isRejected() {
    Map<String, Object> jwk = privateJwk(Keys.generate(KeyCurve.X25519));
    jwk.put("d", privateJwk(Keys.generate(KeyCurve.X25519)).get("d"));

    assertRejected(
        Json.write(jwk), KeyUse.COMMUNICATION, KeyRejectedException.Reason.INVALID_PRIVATE_KEY);
  }

  @Test
  void parse_withEcScalarOutOfRange_isRejected() {
    BigInteger n = EcDomains.of(KeyCurve.SECP256K1).getN();
    Map<String, Object> jwk = privateJwk(Keys.generate(KeyCurve.SECP256K1));
    jwk.put("d", Base64Url.encode(BigIntegers.asUnsignedByteArray(32, n)));

    assertRejected(
        Json.write(jwk), KeyUse.AUTHENTICATION, KeyRejectedException.Reason.INVALID_PRIVATE_KEY);
  }

  @Test
  void parse_withoutD_isRejectedAsMissingField() {
    assertRejected(
        Keys.generate(KeyCurve.ED25519).publicKey().toJson(),
        KeyUse.AUTHENTICATION,
        KeyRejectedException.Reason.MISSING_FIELD);
  }

  @Test
  void toString_doesNotRevealThePrivateKey() {
    KeyPairJwk key = Keys.generate(KeyCurve.X25519);
    String d = (String) privateJwk(key).get("d");

    assertThat(key.toString()).doesNotContain(d).contains("redacted");
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyCurve.class,
      names = {"X25519", "P_256"})
  void agree_givesBothSidesTheSameSecret(KeyCurve curve) throws Exception {
    KeyPairJwk alice = Keys.generate(curve);
    KeyPairJwk bob = Keys.generate(curve);

    assertThat(alice.agree(bob.publicKey())).hasSize(32).isEqualTo(bob.agree(alice.publicKey()));
  }

  @Test
  void agree_acrossCurvesOrWithAnAuthenticationKey_isRefused() {
    KeyPairJwk x25519 = Keys.generate(KeyCurve.X25519);

    assertThatThrownBy(() -> x25519.agree(Keys.generate(KeyCurve.P_256).publicKey()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Keys.generate(KeyCurve.ED25519).agree(x25519.publicKey()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyCurve.class,
      names = {"ED25519", "SECP256K1"})
  void sign_verifiesWithThePublicKey_andNotForAnotherMessageOrKey(KeyCurve curve) {
    KeyPairJwk key = Keys.generate(curve);
    byte[] message = "hello".getBytes(StandardCharsets.UTF_8);

    byte[] signature = key.sign(message);

    assertThat(signature).hasSize(64);
    assertThat(key.publicKey().verifySignature(message, signature)).isTrue();
    assertThat(key.publicKey().verifySignature("hellO".getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();
    assertThat(Keys.generate(curve).publicKey().verifySignature(message, signature)).isFalse();
  }

  @Test
  void es256k_signsWithLowS_butVerifiesHighSToo() {
    KeyPairJwk key = Keys.generate(KeyCurve.SECP256K1);
    BigInteger n = EcDomains.of(KeyCurve.SECP256K1).getN();
    byte[] message = new byte[] {1, 2, 3};
    for (int i = 0; i < 8; i++) {
      message[0] = (byte) i;
      byte[] signature = key.sign(message);
      BigInteger s = new BigInteger(1, signature, 32, 32);
      assertThat(s).isLessThanOrEqualTo(n.shiftRight(1));
      byte[] highS = signature.clone();
      System.arraycopy(BigIntegers.asUnsignedByteArray(32, n.subtract(s)), 0, highS, 32, 32);
      assertThat(key.publicKey().verifySignature(message, highS)).isTrue();
    }
  }

  @Test
  void es256k_isDeterministic() {
    KeyPairJwk key = Keys.generate(KeyCurve.SECP256K1);

    assertThat(key.sign(new byte[] {7})).isEqualTo(key.sign(new byte[] {7}));
  }

  @Test
  void sign_withCommunicationKey_isRefused() {
    assertThatThrownBy(() -> Keys.generate(KeyCurve.X25519).sign(new byte[1]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void signature_ofWrongLength_doesNotVerify() {
    KeyPairJwk key = Keys.generate(KeyCurve.ED25519);
    byte[] signature = key.sign(new byte[] {1});

    assertThat(
            key.publicKey().verifySignature(new byte[] {1}, java.util.Arrays.copyOf(signature, 63)))
        .isFalse();
    assertThat(
            key.publicKey().verifySignature(new byte[] {1}, java.util.Arrays.copyOf(signature, 65)))
        .isFalse();
  }

  private static Map<String, Object> privateJwk(KeyPairJwk key) {
    return Json.parseObject(key.toPrivateJson(), 4096);
  }

  private static void assertRejected(String json, KeyUse use, KeyRejectedException.Reason reason) {
    assertThatThrownBy(() -> KeyPairJwk.parse(json, use))
        .isInstanceOfSatisfying(
            KeyRejectedException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
