package org.credrelay.e2ecrypto.signing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProofOfPossessionTest {

  private static final byte[] EVENT = "{\"op\":\"add-key\"}".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(
      value = KeyCurve.class,
      names = {"ED25519", "SECP256K1"})
  void sign_thenVerify_succeeds(KeyCurve curve) {
    KeyPairJwk key = Keys.generate(curve);

    String signature = ProofOfPossession.sign(key, "register-key", EVENT);

    assertThatCode(
            () -> ProofOfPossession.verify(key.publicKey(), "register-key", EVENT, signature))
        .doesNotThrowAnyException();
  }

  @Test
  void verify_forAnotherPurposePayloadOrKey_isRejected() {
    KeyPairJwk key = Keys.generate(KeyCurve.ED25519);
    String signature = ProofOfPossession.sign(key, "register-key", EVENT);

    assertBad(() -> ProofOfPossession.verify(key.publicKey(), "rotate-key", EVENT, signature));
    assertBad(
        () -> ProofOfPossession.verify(key.publicKey(), "register-key", new byte[1], signature));
    assertBad(
        () ->
            ProofOfPossession.verify(
                Keys.generate(KeyCurve.ED25519).publicKey(), "register-key", EVENT, signature));
    assertThatThrownBy(() -> ProofOfPossession.verify(key.publicKey(), "register-key", EVENT, "AA"))
        .isInstanceOf(RequestSignatureException.class);
  }

  @Test
  void requestSignature_isNeverAValidProofOfPossession() {
    KeyPairJwk key = Keys.generate(KeyCurve.ED25519);
    Map<String, String> metadata =
        new RequestSigner(key, null, Clock.systemUTC(), new SecureRandom()).sign("m", EVENT);
    String signature = metadata.get(RequestSignatureHeaders.SIGNATURE);

    assertBad(() -> ProofOfPossession.verify(key.publicKey(), "m", EVENT, signature));
    assertThatCode(() -> Base64Url.decode(signature)).doesNotThrowAnyException();
  }

  private static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RequestSignatureException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.reason())
                    .isEqualTo(RequestSignatureException.Reason.BAD_SIGNATURE));
  }
}
