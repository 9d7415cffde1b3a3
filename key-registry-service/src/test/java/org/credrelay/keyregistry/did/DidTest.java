package org.credrelay.keyregistry.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.credrelay.keyregistry.error.ErrorCode;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DID syntax per the DID Core ABNF. */
class DidTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "did:example:123456789abcdefghi",
        "did:web:issuer.example.com",
        "did:web:example.com%3A8443:users:alice",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "did:ion:EiClkZMDxPKqC9c-umQfTkR8vvZ9JPhl_xLDI9Nfk38w5w",
        "did:a1:b",
        "did:example::x",
        "did:example:_.-"
      })
  void validDids_parse(String did) {
    assertThat(Did.parse(did).value()).isEqualTo(did);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "did:",
        "did:example",
        "did:example:",
        "did:Example:x",
        "did:ex-ample:x",
        "DID:example:x",
        "did:example:x:",
        "did:example:a%2",
        "did:example:a%g0",
        "did:example:a b",
        "did:example:a#frag",
        "did:example:a?q=1",
        "did:example:a/b",
        "did:example:ä",
        " did:example:a"
      })
  void malformedDids_areInvalidArgument(String did) {
    RegistryException refusal = catchThrowableOfType(RegistryException.class, () -> Did.parse(did));

    assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusal.reason()).isEqualTo(Reason.MALFORMED_DID);
  }

  @org.junit.jupiter.api.Test
  void didsLongerThan512Characters_areRefused() {
    String did = "did:example:" + "a".repeat(501);

    assertThat(did).hasSize(513);
    assertThat(catchThrowableOfType(RegistryException.class, () -> Did.parse(did)).reason())
        .isEqualTo(Reason.MALFORMED_DID);
  }

  @org.junit.jupiter.api.Test
  void ownDidUrls_areRecognised() {
    Did did = Did.parse("did:example:alice");

    assertThat(did.isOwnDidUrl("did:example:alice#key-1")).isTrue();
    assertThat(did.isOwnDidUrl("did:example:alice#")).isFalse();
    assertThat(did.isOwnDidUrl("did:example:alicex#key-1")).isFalse();
    assertThat(did.isOwnDidUrl("did:example:bob#key-1")).isFalse();
  }
}
