package org.credrelay.e2ecrypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {

  @Test
  void decode_ofEncode_roundTrips() {
    for (int length = 0; length < 40; length++) {
      byte[] bytes = new byte[length];
      java.util.Arrays.fill(bytes, (byte) (length * 7));
      assertThat(Base64Url.decode(Base64Url.encode(bytes))).isEqualTo(bytes);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"AA==", "AA=", "A", "AB", "AAA+", "AA/A", "AA A", "AA\n", "Zm9v.", "AB=="})
  void decode_ofNonCanonicalOrForeignText_isRefused(String text) {
    assertThatThrownBy(() -> Base64Url.decode(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isCanonical_checksDecodedLength() {
    assertThat(Base64Url.isCanonical(Base64Url.encode(new byte[16]), 16, 64)).isTrue();
    assertThat(Base64Url.isCanonical(Base64Url.encode(new byte[15]), 16, 64)).isFalse();
    assertThat(Base64Url.isCanonical("AB", 0, 64)).isFalse();
  }
}
