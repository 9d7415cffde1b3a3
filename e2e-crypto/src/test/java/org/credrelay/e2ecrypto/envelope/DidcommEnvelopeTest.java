package org.credrelay.e2ecrypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.TOO_OLD;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.UNEXPECTED_SENDER;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.WRONG_RECIPIENT;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.DidKey;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Envelope format 2 (PROTOCOL.md 3.5): DID URL kids and a DIDComm v2 plaintext message, and the
 * receiver's refusals when the plaintext and the authenticated header disagree.
 */
class DidcommEnvelopeTest {

  private static final byte[] ATALA = {0x1a, 0x04, 0x0a, 0x02, 0x69, 0x64};
  private static final String CONNECTION = "conn-1";
  private static final String ISSUER_DID = "did:example:issuer";

  private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
  private final EnvelopeSealer sealer = new EnvelopeSealer(clock, new SecureRandom());
  private final EnvelopeOpener opener =
      new EnvelopeOpener(clock, new InMemorySeenMessageIds(clock), EnvelopePolicy.defaults());
  private final KeyPairJwk issuer = Keys.generate(KeyCurve.X25519);
  private final KeyPairJwk holder = Keys.generate(KeyCurve.X25519);
  private final String issuerKid = ISSUER_DID + "#" + issuer.kid();
  private final String holderKid = DidKey.urlOfCommunicationKey(holder.publicKey());
  private final String holderDid = DidKey.ofCommunicationKey(holder.publicKey());

  @Test
  void seal_fromIssuerToHolder_namesTheIssuerByItsDidAndTheHolderByDidKey() throws Exception {
    SealedEnvelope sealed = sealFromIssuer();

    Map<String, Object> jwe = Json.parseObject(sealed.json(), 1 << 20);
    Map<String, Object> header =
        Json.parseObject(Base64Url.decode((String) jwe.get("protected")), 4096);
    assertThat(header).containsEntry("skid", issuerKid);
    assertThat(sealed.json()).contains("{\"kid\":\"" + holderKid + "\"}");
    assertThat(holderKid).startsWith("did:key:z6LS").contains("#z6LS");

    OpenedEnvelope opened = openAsHolder(sealed.bytes());
    assertThat(opened.plaintext()).isEqualTo(ATALA);
    // The application still sees the keys' own ids (thumbprints), as EncryptedMessage.key_id.
    assertThat(opened.senderKid()).isEqualTo(issuer.kid());
    assertThat(opened.recipientKid()).isEqualTo(holder.kid());
  }

  @Test
  void seal_writesADidcommV2PlaintextMessageCarryingTheAtalaMessage() throws Exception {
    SealedEnvelope sealed = sealFromIssuer();

    byte[] plaintext =
        new JweDecryptor(1 << 20)
            .decrypt(
                sealed.bytes(),
                KidResolver.didUrls(KeyRing.of(holder), List.of(issuer.publicKey())),
                false)
            .plaintext();

    JsonNode message = new ObjectMapper().readTree(plaintext);
    long created = Instant.parse("2026-11-26T10:00:00Z").getEpochSecond();
    assertThat(message.get("id").asString()).isEqualTo("m-1");
    assertThat(message.get("typ").asString()).isEqualTo("application/didcomm-plain+json");
    assertThat(message.get("type").asString())
        .isEqualTo("https://credrelay.org/didcomm/atala-message/1.0");
    assertThat(message.get("from").asString()).isEqualTo(ISSUER_DID);
    assertThat(message.get("to").get(0).asString()).isEqualTo(holderDid);
    assertThat(message.get("to").size()).isEqualTo(1);
    assertThat(message.get("created_time").asLong()).isEqualTo(created);
    assertThat(message.get("expires_time").asLong()).isEqualTo(created + 30 * 24 * 3600);
    assertThat(Base64.getUrlDecoder().decode(message.get("body").get("atala_message").asString()))
        .isEqualTo(ATALA);
  }

  @Test
  void open_fromHolderToIssuer_matchesTheIssuerKeyByItsDidUrl() throws Exception {
    SealedEnvelope sealed =
        sealer.seal(
            Addressing.holderToIssuer(ISSUER_DID),
            holder,
            List.of(issuer.publicKey()),
            CONNECTION,
            "m-2",
            ATALA);

    OpenedEnvelope opened =
        opener.open(sealed.bytes(), CONNECTION, KeyRing.of(issuer), List.of(holder.publicKey()));

    assertThat(opened.plaintext()).isEqualTo(ATALA);
    assertThat(opened.recipientKid()).isEqualTo(issuer.kid());
  }

  @Test
  void open_ofFormat1Envelope_withBareThumbprintKidsAndProtobufPlaintext_isRefused() {
    byte[] format1 = envelope(issuer.kid(), holder.kid(), binding("m-1"), ATALA);

    assertRefused(format1, UNEXPECTED_SENDER);
  }

  @Test
  void open_ofProtobufPlaintextUnderDidUrlKids_isMalformed() {
    assertRefused(envelope(issuerKid, holderKid, binding("m-1"), ATALA), MALFORMED);
  }

  @Test
  void open_withPlaintextIdOrTimeNotTheHeaders_isMalformed() {
    assertRefused(sealedWith(message("m-other", ISSUER_DID, holderDid, 0, 3600)), MALFORMED);
    assertRefused(sealedWith(message("m-1", ISSUER_DID, holderDid, 1, 3600)), MALFORMED);
  }

  @Test
  void open_withFromNotTheSkidsDid_isUnexpectedSender() {
    assertRefused(
        sealedWith(message("m-1", "did:example:mallory", holderDid, 0, 3600)), UNEXPECTED_SENDER);
    assertRefused(sealedWith(message("m-1", null, holderDid, 0, 3600)), UNEXPECTED_SENDER);
  }

  @Test
  void open_withToNotNamingTheRecipient_isWrongRecipient() {
    assertRefused(
        sealedWith(message("m-1", ISSUER_DID, "did:example:someone", 0, 3600)), WRONG_RECIPIENT);
  }

  @Test
  void open_afterExpiresTime_isTooOld() {
    byte[] envelope = sealedWith(message("m-1", ISSUER_DID, holderDid, 0, 60));
    clock.advance(Duration.ofSeconds(61));

    assertRefused(envelope, TOO_OLD);
  }

  @Test
  void open_ofForeignMessageType_isMalformed() {
    Map<String, Object> message =
        Json.parseObject(
            new String(
                message("m-1", ISSUER_DID, holderDid, 0, 60).toJson(), StandardCharsets.UTF_8),
            4096);
    message.put("type", "https://didcomm.org/basicmessage/2.0/message");

    assertRefused(
        envelope(
            issuerKid,
            holderKid,
            binding("m-1"),
            Json.write(message).getBytes(StandardCharsets.UTF_8)),
        MALFORMED);
  }

  private SealedEnvelope sealFromIssuer() {
    return sealer.seal(
        Addressing.issuerToHolder(ISSUER_DID),
        issuer,
        List.of(holder.publicKey()),
        CONNECTION,
        "m-1",
        ATALA);
  }

  private OpenedEnvelope openAsHolder(byte[] envelope) throws EnvelopeException {
    return opener.open(envelope, CONNECTION, KeyRing.of(holder), List.of(issuer.publicKey()));
  }

  private void assertRefused(byte[] envelope, EnvelopeException.Reason reason) {
    assertThatThrownBy(() -> openAsHolder(envelope))
        .isInstanceOfSatisfying(
            EnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private DidcommMessage message(
      String id, String from, String to, long createdOffset, long lifetime) {
    long created = clock.instant().getEpochSecond() + createdOffset;
    return new DidcommMessage(id, from, List.of(to), created, created + lifetime, ATALA);
  }

  private byte[] sealedWith(DidcommMessage message) {
    return envelope(issuerKid, holderKid, binding("m-1"), message.toJson());
  }

  private Map<String, Object> binding(String messageId) {
    Map<String, Object> binding = new LinkedHashMap<>();
    binding.put(EnvelopeHeaders.CONNECTION_ID, CONNECTION);
    binding.put(EnvelopeHeaders.MESSAGE_ID, messageId);
    binding.put(EnvelopeHeaders.CREATED_AT, clock.instant().getEpochSecond());
    return binding;
  }

  private byte[] envelope(String skid, String kid, Map<String, Object> binding, byte[] plaintext) {
    try {
      return new JweEncryptor(SealingRandomness.from(new SecureRandom()))
          .encrypt(
              KeyWrapAlgorithm.ECDH_1PU_A256KW,
              ContentEncryption.A256CBC_HS512,
              issuer,
              skid,
              List.of(holder.publicKey()),
              List.of(kid),
              binding,
              plaintext)
          .toJson()
          .getBytes(StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
