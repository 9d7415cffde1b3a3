package org.credrelay.e2ecrypto.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.BAD_SIGNATURE;
import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.MISSING;
import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.REPLAYED_NONCE;
import static org.credrelay.e2ecrypto.signing.RequestSignatureException.Reason.STALE;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Request signing (S7) with the caller or a man in the middle as the attacker. */
class RequestSigningTest {

  private static final String METHOD = "credrelay.connector.v1.ConnectorService/SendMessage";
  private static final byte[] BODY = {10, 3, 'a', 'b', 'c'};

  private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  private final KeyPairJwk key = Keys.generate(KeyCurve.ED25519);
  private final RequestSigner signer =
      new RequestSigner(key, "did:example:issuer", clock, new SecureRandom());
  private final RequestVerifier verifier =
      new RequestVerifier(clock, new InMemoryNonceStore(clock), Duration.ofMinutes(5));

  @ParameterizedTest
  @EnumSource(
      value = KeyCurve.class,
      names = {"ED25519", "SECP256K1"})
  void sign_thenVerify_acceptsTheRequest(KeyCurve curve) throws Exception {
    KeyPairJwk holderKey = Keys.generate(curve);
    RequestSigner holder = new RequestSigner(holderKey, null, clock, new SecureRandom());

    Map<String, String> metadata = holder.sign(METHOD, BODY);
    VerifiedRequest verified = verifier.verify(METHOD, BODY, metadata, holderKey.publicKey());

    assertThat(metadata)
        .containsOnlyKeys(
            "x-credrelay-key-id",
            "x-credrelay-nonce",
            "x-credrelay-timestamp",
            "x-credrelay-signature");
    assertThat(verified.keyId()).isEqualTo(holderKey.publicKey().thumbprint());
    assertThat(verified.did()).isNull();
    assertThat(verified.timestamp()).isEqualTo(clock.instant());
  }

  @Test
  void sign_writesTheContractedMetadata() {
    Map<String, String> metadata = signer.sign(METHOD, BODY);

    assertThat(metadata)
        .containsEntry(RequestSignatureHeaders.DID, "did:example:issuer")
        .containsEntry(RequestSignatureHeaders.KEY_ID, key.kid())
        .containsEntry(RequestSignatureHeaders.TIMESTAMP, Long.toString(clock.millis()));
    assertThat(Base64Url.decode(metadata.get(RequestSignatureHeaders.NONCE))).hasSize(16);
    assertThat(Base64Url.decode(metadata.get(RequestSignatureHeaders.SIGNATURE))).hasSize(64);
  }

  @Test
  void signingInput_isTheDocumentedByteLayout() {
    byte[] bytes =
        SigningInput.of("a.B/C", "bm9uY2U", "1700000000000", new byte[] {0, (byte) 0xff});

    byte[] head =
        "credrelay-request-v1\na.B/C\nbm9uY2U\n1700000000000\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(bytes).startsWith(head).endsWith(0, (byte) 0xff).hasSize(head.length + 2);
  }

  @Test
  void signature_coversExactlyTheDocumentedBytes() {
    Map<String, String> metadata = signer.sign(METHOD, BODY);
    byte[] expected =
        SigningInput.of(
            METHOD,
            metadata.get(RequestSignatureHeaders.NONCE),
            metadata.get(RequestSignatureHeaders.TIMESTAMP),
            BODY);

    assertThat(
            key.publicKey()
                .verifySignature(
                    expected, Base64Url.decode(metadata.get(RequestSignatureHeaders.SIGNATURE))))
        .isTrue();
  }

  @Test
  void verify_ofReplayedRequest_isRejectedAsReplayedNonce() throws Exception {
    Map<String, String> metadata = signer.sign(METHOD, BODY);
    verifier.verify(METHOD, BODY, metadata, key.publicKey());

    assertRefused(metadata, BODY, REPLAYED_NONCE);
  }

  @Test
  void verifyExceptNonce_leavesTheNonceUnused_andNamesItsExpiry() throws Exception {
    Map<String, String> metadata = signer.sign(METHOD, BODY);

    VerifiedRequest checked = verifier.verifyExceptNonce(METHOD, BODY, metadata, key.publicKey());

    assertThat(verifier.nonceExpiresAt(checked))
        .isEqualTo(checked.timestamp().plus(Duration.ofMinutes(5)));
    verifier.verify(METHOD, BODY, metadata, key.publicKey()); // the nonce was still fresh
    assertRefused(metadata, BODY, REPLAYED_NONCE);
  }

  @Test
  void verify_afterTheWindow_isRejectedAsStale() {
    Map<String, String> metadata = signer.sign(METHOD, BODY);
    clock.advance(Duration.ofMinutes(5).plusMillis(1));

    assertRefused(metadata, BODY, STALE);
  }

  @Test
  void verify_ofTimestampTooFarAhead_isRejectedAsStale() {
    clock.advance(Duration.ofMinutes(6));
    Map<String, String> metadata = signer.sign(METHOD, BODY);
    clock.advance(Duration.ofMinutes(-6));

    assertRefused(metadata, BODY, STALE);
  }

  @Test
  void verify_withinTheWindow_isAccepted() throws Exception {
    Map<String, String> metadata = signer.sign(METHOD, BODY);
    clock.advance(Duration.ofMinutes(5));

    assertThat(verifier.verify(METHOD, BODY, metadata, key.publicKey()).nonce())
        .isEqualTo(metadata.get(RequestSignatureHeaders.NONCE));
  }

  @Test
  void verify_ofChangedBodyMethodOrSignedField_isRejectedAsBadSignature() {
    Map<String, String> metadata = signer.sign(METHOD, BODY);

    assertRefused(metadata, new byte[] {10, 3, 'a', 'b', 'd'}, BAD_SIGNATURE);
    assertThatThrownBy(
            () -> verifier.verify(METHOD.replace("Send", "List"), BODY, metadata, key.publicKey()))
        .isInstanceOfSatisfying(
            RequestSignatureException.class, e -> assertThat(e.reason()).isEqualTo(BAD_SIGNATURE));
    assertRefused(
        with(metadata, RequestSignatureHeaders.TIMESTAMP, Long.toString(clock.millis() + 1)),
        BODY,
        BAD_SIGNATURE);
    assertRefused(
        with(metadata, RequestSignatureHeaders.NONCE, Base64Url.encode(new byte[16])),
        BODY,
        BAD_SIGNATURE);
  }

  @Test
  void verify_withAnotherKey_isRejectedAsBadSignature() {
    KeyPairJwk attacker = Keys.generate(KeyCurve.ED25519);
    Map<String, String> forged =
        new RequestSigner(attacker, null, clock, new SecureRandom()).sign(METHOD, BODY);

    assertRefused(with(forged, RequestSignatureHeaders.KEY_ID, key.kid()), BODY, BAD_SIGNATURE);
    assertRefused(forged, BODY, BAD_SIGNATURE); // key id names the attacker's key, not this one
  }

  @Test
  void verify_withBadSignature_doesNotUseUpTheNonce() throws Exception {
    Map<String, String> metadata = signer.sign(METHOD, BODY);
    assertRefused(metadata, new byte[0], BAD_SIGNATURE);

    assertThat(verifier.verify(METHOD, BODY, metadata, key.publicKey())).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        RequestSignatureHeaders.KEY_ID,
        RequestSignatureHeaders.NONCE,
        RequestSignatureHeaders.TIMESTAMP,
        RequestSignatureHeaders.SIGNATURE
      })
  void verify_withoutARequiredEntry_isRejectedAsMissing(String name) {
    Map<String, String> metadata = new HashMap<>(signer.sign(METHOD, BODY));
    metadata.remove(name);

    assertRefused(metadata, BODY, MISSING);
  }

  @Test
  void verify_withMalformedEntries_isRejectedAsMalformed() {
    Map<String, String> metadata = signer.sign(METHOD, BODY);

    assertRefused(
        with(metadata, RequestSignatureHeaders.NONCE, Base64Url.encode(new byte[8])),
        BODY,
        MALFORMED);
    assertRefused(
        with(metadata, RequestSignatureHeaders.NONCE, "AAAAAAAAAAAAAAAAAAAAAA=="), BODY, MALFORMED);
    assertRefused(
        with(metadata, RequestSignatureHeaders.TIMESTAMP, "+1700000000000"), BODY, MALFORMED);
    assertRefused(
        with(metadata, RequestSignatureHeaders.TIMESTAMP, "01700000000000"), BODY, MALFORMED);
    assertRefused(with(metadata, RequestSignatureHeaders.TIMESTAMP, "1.7e12"), BODY, MALFORMED);
    assertRefused(
        with(metadata, RequestSignatureHeaders.SIGNATURE, Base64Url.encode(new byte[63])),
        BODY,
        MALFORMED);
    assertRefused(with(metadata, RequestSignatureHeaders.DID, "did with space"), BODY, MALFORMED);
  }

  @Test
  void signer_refusesCommunicationKeys_andMethodsWithNewlines() {
    assertThatThrownBy(
            () ->
                new RequestSigner(Keys.generate(KeyCurve.X25519), null, clock, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign("a\nb", BODY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void restStyleMethod_isSignedLikeAGrpcMethod() throws Exception {
    Map<String, String> metadata = signer.sign("POST /v1/keys", BODY);

    assertThat(verifier.verify("POST /v1/keys", BODY, metadata, key.publicKey()).did())
        .isEqualTo("did:example:issuer");
  }

  private static Map<String, String> with(Map<String, String> metadata, String name, String value) {
    Map<String, String> copy = new HashMap<>(metadata);
    copy.put(name, value);
    return copy;
  }

  private void assertRefused(
      Map<String, String> metadata, byte[] body, RequestSignatureException.Reason reason) {
    assertThatThrownBy(() -> verifier.verify(METHOD, body, metadata, key.publicKey()))
        .isInstanceOfSatisfying(
            RequestSignatureException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
