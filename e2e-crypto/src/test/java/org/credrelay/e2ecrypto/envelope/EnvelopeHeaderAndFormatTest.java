package org.credrelay.e2ecrypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.ALGORITHM_NOT_ALLOWED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.TAMPERED;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.DidKey;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Allow-list, header and format checks: what an attacker can change without any key. */
class EnvelopeHeaderAndFormatTest {

  private static final String CONNECTION = "conn-1";

  private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  private final EnvelopeSealer sealer = new EnvelopeSealer(clock, new SecureRandom());
  private final EnvelopeOpener opener =
      new EnvelopeOpener(
          clock,
          new InMemorySeenMessageIds(clock),
          EnvelopePolicy.defaults().withAnoncryptAllowed());
  private final KeyPairJwk issuer = Keys.generate(KeyCurve.X25519);
  private final KeyPairJwk holder = Keys.generate(KeyCurve.X25519);
  private final String sealed =
      sealer.seal(issuer, List.of(holder.publicKey()), CONNECTION, new byte[] {1, 2, 3}).json();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "none",
        "dir",
        "A256KW",
        "RSA-OAEP",
        "RSA1_5",
        "ECDH-ES",
        "ECDH-ES+A128KW",
        "ECDH-1PU",
        "ECDH-1PU+A128KW",
        "HS256"
      })
  void open_withAlgOutsideTheAllowList_isRejected(String alg) {
    assertRefused(withHeader(h -> h.put("alg", alg)), ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"A256GCM", "A128GCM", "A128CBC-HS256", "XC20P", "none"})
  void open_ofAuthcryptWithAnotherEnc_isRejectedAsDowngrade(String enc) {
    assertRefused(withHeader(h -> h.put("enc", enc)), ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void open_withCompression_isRejected() {
    assertRefused(withHeader(h -> h.put("zip", "DEF")), ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void open_withUnsupportedEpkCurve_isRejectedAsAlgorithmNotAllowed() {
    assertRefused(
        withHeader(h -> h.put("epk", Map.of("kty", "EC", "crv", "P-384", "x", "AA", "y", "AA"))),
        ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void open_withLowOrderEpk_isRejectedBeforeAnyKeyAgreement() {
    assertRefused(
        withHeader(
            h ->
                h.put(
                    "epk",
                    Map.of("kty", "OKP", "crv", "X25519", "x", Base64Url.encode(new byte[32])))),
        MALFORMED);
  }

  @Test
  void open_withEpkOffTheCurve_isRejected() {
    KeyPairJwk p256 = Keys.generate(KeyCurve.P_256);
    Map<String, Object> epk = p256.publicKey().toJsonObjectWithoutKid();
    byte[] y = Base64Url.decode((String) epk.get("y"));
    y[31] ^= 1;
    epk.put("y", Base64Url.encode(y));

    assertRefused(withHeader(h -> h.put("epk", epk)), MALFORMED);
  }

  @Test
  void open_withEpkOfAnotherCurveThanTheKeys_isRejected() {
    Map<String, Object> epk = Keys.generate(KeyCurve.P_256).publicKey().toJsonObjectWithoutKid();
    String anonymous =
        sealer
            .sealAnonymous(
                List.of(holder.publicKey()), ContentEncryption.A256GCM, CONNECTION, new byte[] {1})
            .json();

    // Authcrypt: no pinned sender key on that curve. Anoncrypt: our key is not on that curve.
    assertRefused(withHeader(h -> h.put("epk", epk)), EnvelopeException.Reason.UNEXPECTED_SENDER);
    assertRefused(
        withHeader(anonymous, h -> h.put("epk", epk)), EnvelopeException.Reason.WRONG_RECIPIENT);
  }

  @Test
  void open_withHeaderFieldsBrokenOrMissing_isRejectedAsMalformed() {
    assertRefused(withHeader(h -> h.remove("epk")), MALFORMED);
    assertRefused(withHeader(h -> h.remove("skid")), MALFORMED);
    assertRefused(withHeader(h -> h.remove("apv")), MALFORMED);
    assertRefused(
        withHeader(h -> h.put("apu", Base64Url.encode("someone-else".getBytes()))), MALFORMED);
    assertRefused(withHeader(h -> h.put("typ", "JWT")), MALFORMED);
    assertRefused(withHeader(h -> h.put("crit", List.of("cr_cid"))), MALFORMED);
    assertRefused(withHeader(h -> h.put("alg", 5)), MALFORMED);
    assertRefused(withHeader(h -> h.remove("alg")), MALFORMED);
    assertRefused(withHeader(h -> h.remove("enc")), MALFORMED);
  }

  @Test
  void open_withAnyOtherProtectedHeaderChange_isRejectedAsTampered() {
    assertRefused(withHeader(h -> h.put("cr_cid", "conn-2")), TAMPERED);
    assertRefused(
        withHeader(h -> h.put("cr_iat", ((Number) h.get("cr_iat")).longValue() + 1)), TAMPERED);
    assertRefused(withHeader(h -> h.put("extra", "x")), TAMPERED);
  }

  @Test
  void open_ofAnoncryptNamingASender_isRejected() {
    String anonymous =
        sealer
            .sealAnonymous(
                List.of(holder.publicKey()), ContentEncryption.A256GCM, CONNECTION, new byte[] {1})
            .json();

    assertRefused(withHeader(anonymous, h -> h.put("skid", issuer.kid())), MALFORMED);
  }

  @Test
  void open_ofAuthenticEnvelopeWithoutBinding_isRejectedAsMalformed() throws Exception {
    // Sealed without cr_* members: decrypts at the low level, refused by the opener.
    GeneralJwe unbound =
        new JweEncryptor(SealingRandomness.from(new SecureRandom()))
            .encrypt(
                KeyWrapAlgorithm.ECDH_1PU_A256KW,
                ContentEncryption.A256CBC_HS512,
                issuer,
                DidKey.urlOfCommunicationKey(issuer.publicKey()),
                List.of(holder.publicKey()),
                List.of(DidKey.urlOfCommunicationKey(holder.publicKey())),
                Map.of(),
                new byte[] {1});
    byte[] bytes = unbound.toJson().getBytes(StandardCharsets.UTF_8);

    assertThat(
            new JweDecryptor(1 << 20)
                .decrypt(
                    bytes,
                    KidResolver.didUrls(KeyRing.of(holder), List.of(issuer.publicKey())),
                    false)
                .plaintext())
        .containsExactly(1);
    assertRefused(bytes, MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "null", "[]", "{}", "not json", "{\"protected\":\"e30\"}"})
  void open_ofNonEnvelope_isRejectedAsMalformed(String text) {
    assertRefused(text.getBytes(StandardCharsets.UTF_8), MALFORMED);
  }

  @Test
  void open_ofInvalidUtf8_isRejectedAsMalformed() {
    byte[] bytes = sealed.getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 3] = (byte) 0xC3;

    assertRefused(bytes, MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"unprotected", "aad", "header", "encrypted_key"})
  void open_withMembersOutsideTheDidcommShape_isRejected(String member) {
    assertRefused(withJwe(j -> j.put(member, member.equals("aad") ? "AA" : Map.of())), MALFORMED);
  }

  @Test
  void open_withBadBase64_isRejectedAsMalformed() {
    assertRefused(withJwe(j -> j.put("ciphertext", "not+base64url")), MALFORMED);
    assertRefused(withJwe(j -> j.put("iv", j.get("iv") + "=")), MALFORMED);
    assertRefused(withJwe(j -> j.put("protected", "!!")), MALFORMED);
  }

  @Test
  void open_withBadRecipientList_isRejectedAsMalformed() {
    assertRefused(withJwe(j -> j.put("recipients", List.of())), MALFORMED);
    assertRefused(
        withJwe(
            j -> {
              List<Object> many = new ArrayList<>();
              for (int i = 0; i < 33; i++) {
                many.add(Map.of("header", Map.of("kid", "k" + i), "encrypted_key", "AA"));
              }
              j.put("recipients", many);
            }),
        MALFORMED);
    assertRefused(
        withJwe(
            j ->
                j.put(
                    "recipients",
                    List.of(
                        Map.of(
                            "header",
                            Map.of("kid", holder.kid(), "alg", "dir"),
                            "encrypted_key",
                            "AA")))),
        MALFORMED);
    assertRefused(
        withJwe(
            j ->
                j.put(
                    "recipients",
                    List.of(
                        Map.of("header", Map.of("kid", "a"), "encrypted_key", "AA"),
                        Map.of("header", Map.of("kid", "a"), "encrypted_key", "AA")))),
        MALFORMED);
  }

  private byte[] withHeader(Consumer<Map<String, Object>> change) {
    return withHeader(sealed, change);
  }

  private static byte[] withHeader(String json, Consumer<Map<String, Object>> change) {
    Map<String, Object> jwe = Json.parseObject(json, 1 << 20);
    Map<String, Object> header =
        Json.parseObject(Base64Url.decode((String) jwe.get("protected")), 4096);
    change.accept(header);
    jwe.put("protected", Base64Url.encode(Json.write(header).getBytes(StandardCharsets.UTF_8)));
    return Json.write(jwe).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] withJwe(Consumer<Map<String, Object>> change) {
    Map<String, Object> jwe = Json.parseObject(sealed, 1 << 20);
    change.accept(jwe);
    return Json.write(jwe).getBytes(StandardCharsets.UTF_8);
  }

  private OpenedEnvelope open(byte[] envelope) throws EnvelopeException {
    return opener.open(envelope, CONNECTION, KeyRing.of(holder), List.of(issuer.publicKey()));
  }

  private void assertRefused(byte[] envelope, EnvelopeException.Reason reason) {
    assertThatThrownBy(() -> open(envelope))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
