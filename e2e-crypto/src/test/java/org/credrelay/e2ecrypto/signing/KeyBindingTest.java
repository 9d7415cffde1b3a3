package org.credrelay.e2ecrypto.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.junit.jupiter.api.Test;

class KeyBindingTest {

  private final KeyPairJwk authentication = Keys.generateAuthentication();
  private final KeyPairJwk communication = Keys.generateCommunication();

  @Test
  void bytes_areTheDocumentedFourLines() {
    assertThat(new String(KeyBinding.bytes("tok", "ak", "ck"), StandardCharsets.US_ASCII))
        .isEqualTo("credrelay-key-binding-v1\ntok\nak\nck");
  }

  @Test
  void proof_verifiesForTheSameTokenAndKeys() {
    byte[] proof = KeyBinding.sign(authentication, "tok", communication.publicKey());

    assertThat(
            KeyBinding.verify(authentication.publicKey(), "tok", communication.publicKey(), proof))
        .isTrue();
  }

  @Test
  void proof_doesNotVerify_forAnotherTokenOrCommunicationKey() {
    byte[] proof = KeyBinding.sign(authentication, "tok", communication.publicKey());

    assertThat(
            KeyBinding.verify(
                authentication.publicKey(), "other", communication.publicKey(), proof))
        .isFalse();
    assertThat(
            KeyBinding.verify(
                authentication.publicKey(), "tok", Keys.generateCommunication().publicKey(), proof))
        .isFalse();
  }
}
