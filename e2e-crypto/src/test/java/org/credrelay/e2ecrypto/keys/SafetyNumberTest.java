package org.credrelay.e2ecrypto.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyNumberTest {

  private static PublicKeyJwk key(String x) throws KeyRejectedException {
    return PublicKeyJwk.parse(
        "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" + x + "\"}", KeyUse.COMMUNICATION);
  }

  @Test
  void of_twoKnownKeys_givesTheValueComputedIndependently() throws Exception {
    // Expected value computed with a separate Python implementation of PROTOCOL.md section 1.4.
    SafetyNumber number =
        SafetyNumber.of(
            key("avH0O2Y4tqLAq8y9zpianr8ajii5m4F_mICrzNlatXs"),
            key("GDTrI66K0pFfO54tlCSvfjjNapIs44dzpneBgyx0S3E"));

    assertThat(number.digits())
        .isEqualTo("641453835693549882373022605794706158254618810094746000215979");
    assertThat(number.grouped())
        .isEqualTo("64145 38356 93549 88237 30226 05794 70615 82546 18810 09474 60002 15979");
  }

  @Test
  void of_isIndependentOfKeyOrder() {
    PublicKeyJwk a = Keys.generate(KeyCurve.X25519).publicKey();
    PublicKeyJwk b = Keys.generate(KeyCurve.ED25519).publicKey();
    PublicKeyJwk c = Keys.generate(KeyCurve.P_256).publicKey();

    assertThat(SafetyNumber.of(List.of(a, b, c))).isEqualTo(SafetyNumber.of(List.of(c, a, b)));
    assertThat(SafetyNumber.of(a, b)).isEqualTo(SafetyNumber.of(b, a));
  }

  @Test
  void of_changesWhenAnyKeyIsSubstituted() {
    PublicKeyJwk a = Keys.generate(KeyCurve.X25519).publicKey();
    PublicKeyJwk b = Keys.generate(KeyCurve.X25519).publicKey();

    assertThat(SafetyNumber.of(a, b))
        .isNotEqualTo(SafetyNumber.of(a, Keys.generate(KeyCurve.X25519).publicKey()));
  }

  @Test
  void of_ignoresKids() {
    PublicKeyJwk a = Keys.generate(KeyCurve.X25519).publicKey();
    PublicKeyJwk b = Keys.generate(KeyCurve.X25519).publicKey();

    assertThat(SafetyNumber.of(a.withKid("did:example:a#1"), b)).isEqualTo(SafetyNumber.of(a, b));
  }

  @Test
  void of_needsTwoDistinctKeys() {
    PublicKeyJwk a = Keys.generate(KeyCurve.X25519).publicKey();

    assertThatThrownBy(() -> SafetyNumber.of(a, a)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matches_ignoresWhitespaceOfWhatAPersonTypes() {
    SafetyNumber number =
        SafetyNumber.of(
            Keys.generate(KeyCurve.X25519).publicKey(), Keys.generate(KeyCurve.X25519).publicKey());

    assertThat(number.matches(number.grouped())).isTrue();
    assertThat(number.matches(number.digits().replace('1', '2').replace('0', '1'))).isFalse();
    assertThat(number.toString()).hasSize(71);
  }
}
