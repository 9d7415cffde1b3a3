package org.credrelay.e2ecrypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.ALGORITHM_NOT_ALLOWED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.REPLAY;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.TAMPERED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.TOO_OLD;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.UNEXPECTED_SENDER;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.WRONG_CONNECTION;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.WRONG_RECIPIENT;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.DidKey;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Seal/open round trips and the receiver's refusals, each played as the attacker would. */
class EnvelopeTest {

  private static final byte[] CREDENTIAL =
      "serialized AtalaMessage".getBytes(StandardCharsets.UTF_8);
  private static final String CONNECTION = "conn-1";

  private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  private final SecureRandom random = new SecureRandom();
  private final EnvelopeSealer sealer = new EnvelopeSealer(clock, random);
  private final EnvelopeOpener opener =
      new EnvelopeOpener(clock, new InMemorySeenMessageIds(clock), EnvelopePolicy.defaults());
  private final KeyPairJwk issuer =
      Keys.generate(KeyCurve.X25519).withKid("did:example:issuer#comm-1");
  private final KeyPairJwk holder = Keys.generate(KeyCurve.X25519);
  private final KeyPairJwk connector = Keys.generate(KeyCurve.X25519);

  @ParameterizedTest
  @EnumSource(
      value = KeyCurve.class,
      names = {"X25519", "P_256"})
  void seal_thenOpen_returnsPlaintextSenderAndBinding(KeyCurve curve) throws Exception {
    KeyPairJwk sender = Keys.generate(curve);
    KeyPairJwk recipient = Keys.generate(curve);

    SealedEnvelope sealed =
        sealer.seal(sender, List.of(recipient.publicKey()), CONNECTION, CREDENTIAL);
    OpenedEnvelope opened =
        opener.open(sealed.bytes(), CONNECTION, KeyRing.of(recipient), List.of(sender.publicKey()));

    assertThat(opened.plaintext()).isEqualTo(CREDENTIAL);
    assertThat(opened.senderKid()).isEqualTo(sender.kid());
    assertThat(opened.senderAuthenticated()).isTrue();
    assertThat(opened.recipientKid()).isEqualTo(recipient.kid());
    assertThat(opened.connectionId()).isEqualTo(CONNECTION);
    assertThat(opened.messageId()).isEqualTo(sealed.messageId()).hasSize(22);
    assertThat(opened.createdAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
  }

  @Test
  void seal_writesTheDidcommShapeWithBindingInTheProtectedHeader() {
    SealedEnvelope sealed =
        sealer.seal(issuer, List.of(holder.publicKey()), CONNECTION, "m-1", CREDENTIAL);

    Map<String, Object> jwe = Json.parseObject(sealed.json(), 1 << 20);
    Map<String, Object> header =
        Json.parseObject(Base64Url.decode((String) jwe.get("protected")), 4096);
    assertThat(jwe).containsOnlyKeys("protected", "recipients", "iv", "ciphertext", "tag");
    assertThat(header)
        .containsEntry("alg", "ECDH-1PU+A256KW")
        .containsEntry("enc", "A256CBC-HS512")
        .containsEntry("typ", "application/didcomm-encrypted+json")
        .containsEntry("skid", DidKey.urlOfCommunicationKey(issuer.publicKey()))
        .containsEntry(
            "apu",
            Base64Url.encode(
                DidKey.urlOfCommunicationKey(issuer.publicKey()).getBytes(StandardCharsets.UTF_8)))
        .containsEntry("cr_cid", CONNECTION)
        .containsEntry("cr_mid", "m-1")
        .containsEntry("cr_iat", Instant.parse("2026-11-26T10:00:00Z").getEpochSecond())
        .containsKeys("apv", "epk");
    assertThat(sealed.json()).doesNotContain("serialized");
  }

  @Test
  void open_ofMultiRecipientEnvelope_worksAsEachRecipient() throws Exception {
    List<KeyPairJwk> devices =
        List.of(
            Keys.generate(KeyCurve.X25519),
            Keys.generate(KeyCurve.X25519),
            Keys.generate(KeyCurve.X25519));
    SealedEnvelope sealed =
        sealer.seal(
            issuer, devices.stream().map(KeyPairJwk::publicKey).toList(), CONNECTION, CREDENTIAL);

    for (KeyPairJwk device : devices) {
      EnvelopeOpener own =
          new EnvelopeOpener(clock, new InMemorySeenMessageIds(clock), EnvelopePolicy.defaults());
      assertThat(
              own.open(sealed.bytes(), CONNECTION, KeyRing.of(device), List.of(issuer.publicKey()))
                  .plaintext())
          .isEqualTo(CREDENTIAL);
    }
    Map<String, Object> header =
        Json.parseObject(
            Base64Url.decode((String) Json.parseObject(sealed.json(), 1 << 20).get("protected")),
            4096);
    assertThat(header).containsKey("epk"); // one shared ephemeral key, in the protected header
  }

  @Test
  void open_withSwappedSkid_isRejectedAsUnexpectedSender() {
    // The connector encrypts to the holder's public key with its own key and names itself as
    // sender.
    SealedEnvelope forged =
        sealer.seal(connector, List.of(holder.publicKey()), CONNECTION, CREDENTIAL);

    assertRefused(forged.bytes(), CONNECTION, UNEXPECTED_SENDER);
  }

  @Test
  void open_withSkidForgedToThePinnedIssuer_isRejectedAsTampered() {
    // Same, but claiming the issuer's DID URL: the 1PU static-static secret does not match.
    SealedEnvelope forged =
        sealer.seal(
            Addressing.issuerToHolder("did:example:issuer"),
            connector.withKid(issuer.kid()),
            List.of(holder.publicKey()),
            CONNECTION,
            "m-1",
            CREDENTIAL);

    assertRefused(forged.bytes(), CONNECTION, TAMPERED);
  }

  @Test
  void open_ofAnoncryptByWhoeverHoldsThePublicKey_isRejectedWhereAuthcryptIsRequired() {
    SealedEnvelope anonymous =
        sealer.sealAnonymous(
            List.of(holder.publicKey()), ContentEncryption.A256GCM, CONNECTION, CREDENTIAL);

    assertRefused(anonymous.bytes(), CONNECTION, ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest
  @EnumSource(ContentEncryption.class)
  void open_ofAnoncrypt_whenExplicitlyAllowed_hasNoSender(ContentEncryption enc) throws Exception {
    EnvelopeOpener lenient =
        new EnvelopeOpener(
            clock,
            new InMemorySeenMessageIds(clock),
            EnvelopePolicy.defaults().withAnoncryptAllowed());
    SealedEnvelope anonymous =
        sealer.sealAnonymous(List.of(holder.publicKey()), enc, CONNECTION, CREDENTIAL);

    OpenedEnvelope opened =
        lenient.open(anonymous.bytes(), CONNECTION, KeyRing.of(holder), List.of());

    assertThat(opened.plaintext()).isEqualTo(CREDENTIAL);
    assertThat(opened.senderAuthenticated()).isFalse();
  }

  @Test
  void open_withTruncatedTag_isRejectedAsTampered() {
    String json = sealToHolder().json();
    Map<String, Object> jwe = Json.parseObject(json, 1 << 20);
    byte[] tag = Base64Url.decode((String) jwe.get("tag"));
    jwe.put("tag", Base64Url.encode(java.util.Arrays.copyOf(tag, 16)));

    assertRefused(Json.write(jwe).getBytes(StandardCharsets.UTF_8), CONNECTION, TAMPERED);
  }

  @Test
  void open_withChangedRecipientKid_isRejectedAsTampered() throws Exception {
    KeyPairJwk other = Keys.generate(KeyCurve.X25519);
    SealedEnvelope sealed =
        sealer.seal(issuer, List.of(holder.publicKey(), other.publicKey()), CONNECTION, CREDENTIAL);
    // Drop the holder from the (unprotected) recipient list: apv no longer matches.
    String json =
        sealed
            .json()
            .replaceAll(
                "\\{\"header\":\\{\"kid\":\""
                    + DidKey.urlOfCommunicationKey(holder.publicKey())
                    + "\"},\"encrypted_key\":\"[^\"]+\"},?",
                "")
            .replace(",]", "]");

    assertThatThrownBy(
            () ->
                opener.open(
                    json.getBytes(StandardCharsets.UTF_8),
                    CONNECTION,
                    KeyRing.of(other),
                    List.of(issuer.publicKey())))
        .isInstanceOfSatisfying(
            EnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(TAMPERED));
  }

  @Test
  void open_ofMessageReplayedOnAnotherConnection_isRejectedAsWrongConnection() {
    SealedEnvelope sealed = sealToHolder();

    assertRefused(sealed.bytes(), "conn-2", WRONG_CONNECTION);
  }

  @Test
  void open_twice_isRejectedAsReplay() throws Exception {
    SealedEnvelope sealed = sealToHolder();
    openAsHolder(sealed.bytes());

    assertRefused(sealed.bytes(), CONNECTION, REPLAY);
  }

  @Test
  void open_ofRefusedMessage_doesNotUseUpItsId() throws Exception {
    SealedEnvelope sealed = sealToHolder();
    assertRefused(sealed.bytes(), "conn-2", WRONG_CONNECTION);

    assertThat(openAsHolder(sealed.bytes()).messageId()).isEqualTo(sealed.messageId());
  }

  @Test
  void open_olderThanMaxAge_isRejectedAsTooOld() {
    SealedEnvelope sealed = sealToHolder();
    clock.advance(Duration.ofDays(30).plusSeconds(1));

    assertRefused(sealed.bytes(), CONNECTION, TOO_OLD);
  }

  @Test
  void open_justWithinMaxAge_isAccepted() throws Exception {
    SealedEnvelope sealed = sealToHolder();
    clock.advance(Duration.ofDays(30));

    assertThat(openAsHolder(sealed.bytes()).plaintext()).isEqualTo(CREDENTIAL);
  }

  @Test
  void open_createdTooFarInTheFuture_isRejectedAsTooOld() {
    clock.advance(Duration.ofMinutes(6));
    SealedEnvelope fromTheFuture = sealToHolder();
    clock.advance(Duration.ofMinutes(-6));

    assertRefused(fromTheFuture.bytes(), CONNECTION, TOO_OLD);
  }

  @Test
  void open_notAddressedToUs_isRejectedAsWrongRecipient() {
    SealedEnvelope sealed =
        sealer.seal(issuer, List.of(connector.publicKey()), CONNECTION, CREDENTIAL);

    assertRefused(sealed.bytes(), CONNECTION, WRONG_RECIPIENT);
  }

  @Test
  void open_largerThanTheLimit_isRejectedAsMalformedBeforeParsing() {
    EnvelopeOpener small =
        new EnvelopeOpener(
            clock,
            new InMemorySeenMessageIds(clock),
            EnvelopePolicy.defaults().withMaxEnvelopeBytes(2048));
    SealedEnvelope big =
        sealer.seal(issuer, List.of(holder.publicKey()), CONNECTION, new byte[4096]);

    assertThatThrownBy(
            () ->
                small.open(
                    big.bytes(), CONNECTION, KeyRing.of(holder), List.of(issuer.publicKey())))
        .isInstanceOfSatisfying(
            EnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(MALFORMED));
  }

  @Test
  void seal_withKeysOnDifferentCurvesOrOfTheWrongUse_isRefused() {
    PublicKeyJwk p256 = Keys.generate(KeyCurve.P_256).publicKey();

    assertThatThrownBy(() -> sealer.seal(issuer, List.of(p256), CONNECTION, CREDENTIAL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                sealer.seal(
                    Keys.generate(KeyCurve.ED25519),
                    List.of(holder.publicKey()),
                    CONNECTION,
                    CREDENTIAL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sealer.seal(issuer, List.of(holder.publicKey()), "bad id", CREDENTIAL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private SealedEnvelope sealToHolder() {
    return sealer.seal(issuer, List.of(holder.publicKey()), CONNECTION, CREDENTIAL);
  }

  private OpenedEnvelope openAsHolder(byte[] envelope) throws EnvelopeException {
    return opener.open(envelope, CONNECTION, KeyRing.of(holder), List.of(issuer.publicKey()));
  }

  private void assertRefused(
      byte[] envelope, String connectionId, EnvelopeException.Reason reason) {
    assertThatThrownBy(
            () ->
                opener.open(
                    envelope, connectionId, KeyRing.of(holder), List.of(issuer.publicKey())))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
