package org.credrelay.e2ecrypto.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * PROTOCOL.md section 1.5 must be reproducible from what it shows: each documented key has the
   * documented thumbprint, and the documented thumbprints alone give the documented number.
   */
  @Test
  void documentedExample_ofProtocolSection1_5_isReproducedFromItsKeysAndThumbprints()
      throws Exception {
    String section = section("### 1.5 Safety number", "### 1.6");
    Matcher keys = Pattern.compile("key \\d +(\\{.*})\\s+thumbprint (\\S+)").matcher(section);
    List<String> thumbprints = new ArrayList<>();
    while (keys.find()) {
      PublicKeyJwk key = PublicKeyJwk.parse(keys.group(1), KeyUse.COMMUNICATION);
      assertThat(key.thumbprint()).as(keys.group(1)).isEqualTo(keys.group(2));
      thumbprints.add(keys.group(2));
    }
    Matcher number = Pattern.compile("number = ([0-9 ]{71})").matcher(section);

    assertThat(thumbprints).hasSize(2);
    assertThat(number.find()).as("documented number").isTrue();
    assertThat(SafetyNumber.ofThumbprints(thumbprints).grouped()).isEqualTo(number.group(1));
    assertThat(section)
        .contains("T      = [" + String.join(", ", thumbprints.stream().sorted().toList()) + "]");
  }

  private static String section(String start, String end) throws Exception {
    String protocol =
        Files.readString(Path.of("..", "docs", "PROTOCOL.md"), StandardCharsets.UTF_8);
    int from = protocol.indexOf(start);
    assertThat(from).as(start).isNotNegative();
    return protocol.substring(from, protocol.indexOf(end, from));
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
