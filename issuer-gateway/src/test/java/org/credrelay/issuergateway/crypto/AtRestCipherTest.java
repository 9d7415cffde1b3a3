package org.credrelay.issuergateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AtRestCipherTest {

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private final AtRestCipher cipher = AtRestCipher.fromBase64(KEY, new SecureRandom());

  @Test
  void roundTrip_withFreshNoncePerValue() {
    UUID row = UUID.randomUUID();
    byte[] first = cipher.encrypt(AtRestPurpose.CREDENTIAL_DOCUMENT, row, "secret document");
    byte[] second = cipher.encrypt(AtRestPurpose.CREDENTIAL_DOCUMENT, row, "secret document");
    assertThat(first).isNotEqualTo(second);
    assertThat(cipher.decryptString(AtRestPurpose.CREDENTIAL_DOCUMENT, row, first))
        .isEqualTo("secret document");
  }

  @Test
  void ciphertext_movedToAnotherRowOrPurpose_doesNotDecrypt() {
    UUID row = UUID.randomUUID();
    byte[] sealed = cipher.encrypt(AtRestPurpose.TENANT_PRIVATE_KEY, row, "{\"d\":\"...\"}");
    assertThatThrownBy(
            () -> cipher.decrypt(AtRestPurpose.TENANT_PRIVATE_KEY, UUID.randomUUID(), sealed))
        .isInstanceOf(AtRestDecryptionException.class);
    assertThatThrownBy(() -> cipher.decrypt(AtRestPurpose.INVITATION_URI, row, sealed))
        .isInstanceOf(AtRestDecryptionException.class);
  }

  @Test
  void tamperedCiphertext_orAnotherKey_doesNotDecrypt() {
    UUID row = UUID.randomUUID();
    byte[] sealed = cipher.encrypt(AtRestPurpose.INVITATION_URI, row, "credrelay://invitation?...");
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> cipher.decrypt(AtRestPurpose.INVITATION_URI, row, sealed))
        .isInstanceOf(AtRestDecryptionException.class);
    byte[] intact = cipher.encrypt(AtRestPurpose.INVITATION_URI, row, "x");
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    AtRestCipher other =
        AtRestCipher.fromBase64(Base64.getEncoder().encodeToString(otherKey), new SecureRandom());
    assertThatThrownBy(() -> other.decrypt(AtRestPurpose.INVITATION_URI, row, intact))
        .isInstanceOf(AtRestDecryptionException.class);
    assertThatThrownBy(() -> cipher.decrypt(AtRestPurpose.INVITATION_URI, row, new byte[5]))
        .isInstanceOf(AtRestDecryptionException.class);
  }

  @Test
  void keyEncryptionKey_mustBeBase64Of32Bytes_andIsNeverEchoed() {
    assertThatThrownBy(() -> AtRestCipher.fromBase64("not base64!", new SecureRandom()))
        .hasMessageContaining("base64")
        .hasMessageNotContaining("not base64!");
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> AtRestCipher.fromBase64(shortKey, new SecureRandom()))
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining(shortKey);
    assertThat(cipher.toString()).doesNotContain(KEY);
  }
}
