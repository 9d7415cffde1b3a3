package org.credrelay.e2ecrypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDH1PUDecrypter;
import com.nimbusds.jose.crypto.ECDH1PUEncrypter;
import com.nimbusds.jose.crypto.ECDH1PUX25519Decrypter;
import com.nimbusds.jose.crypto.ECDH1PUX25519Encrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Pack/unpack interop with the DIDComm v2 specification's reference material (appendix A keys of
 * Alice and Bob with their DID URL kids, the appendix's plaintext message), each direction checked
 * by an implementation that is not ours: Nimbus JOSE+JWT for the JWE, Jackson for the JSON.
 */
class DidcommInteropTest {

  private static final String ALICE_X25519 = "did:example:alice#key-x25519-1";
  private static final String BOB_X25519 = "did:example:bob#key-x25519-1";
  private static final String ALICE_P256 = "did:example:alice#key-p256-1";
  private static final String BOB_P256 = "did:example:bob#key-p256-1";

  @Test
  void ourX25519Pack_ofTheSpecMessage_isUnpackedByNimbusToTheSameMessage() throws Exception {
    KeyPairJwk alice = DidcommSpecVectorsTest.recipientKey(ALICE_X25519);
    KeyPairJwk bob = DidcommSpecVectorsTest.recipientKey(BOB_X25519);

    byte[] plaintext =
        nimbusDecrypt(
            ourPack(alice, bob, specMessage()),
            new ECDH1PUX25519Decrypter(
                OctetKeyPair.parse(bob.toPrivateJson()),
                OctetKeyPair.parse(alice.toPrivateJson()).toPublicJWK()));

    assertThat(new tools.jackson.databind.ObjectMapper().readTree(plaintext))
        .isEqualTo(DidcommSpecVectorsTest.plainMessage());
  }

  @Test
  void ourP256Pack_ofTheSpecMessage_isUnpackedByNimbusToTheSameMessage() throws Exception {
    KeyPairJwk alice = DidcommSpecVectorsTest.recipientKey(ALICE_P256);
    KeyPairJwk bob = DidcommSpecVectorsTest.recipientKey(BOB_P256);

    byte[] plaintext =
        nimbusDecrypt(
            ourPack(alice, bob, specMessage()),
            new ECDH1PUDecrypter(
                ECKey.parse(bob.toPrivateJson()).toECPrivateKey(),
                ECKey.parse(alice.toPrivateJson()).toECPublicKey()));

    assertThat(new tools.jackson.databind.ObjectMapper().readTree(plaintext))
        .isEqualTo(DidcommSpecVectorsTest.plainMessage());
  }

  @Test
  void nimbusX25519Pack_ofACredrelayMessage_opensWithOurOpener() throws Exception {
    KeyPairJwk alice = DidcommSpecVectorsTest.recipientKey(ALICE_X25519);
    KeyPairJwk bob = DidcommSpecVectorsTest.recipientKey(BOB_X25519);
    JWEEncrypter encrypter =
        new ECDH1PUX25519Encrypter(
            OctetKeyPair.parse(alice.toPrivateJson()),
            OctetKeyPair.parse(bob.toPrivateJson()).toPublicJWK());

    assertNimbusPackOpens(alice, bob, encrypter);
  }

  @Test
  void nimbusP256Pack_ofACredrelayMessage_opensWithOurOpener() throws Exception {
    KeyPairJwk alice = DidcommSpecVectorsTest.recipientKey(ALICE_P256);
    KeyPairJwk bob = DidcommSpecVectorsTest.recipientKey(BOB_P256);
    JWEEncrypter encrypter =
        new ECDH1PUEncrypter(
            ECKey.parse(alice.toPrivateJson()).toECPrivateKey(),
            ECKey.parse(bob.toPrivateJson()).toECPublicKey());

    assertNimbusPackOpens(alice, bob, encrypter);
  }

  /** A credrelay DIDComm message written by hand (not by our code), packed by Nimbus. */
  private static void assertNimbusPackOpens(KeyPairJwk alice, KeyPairJwk bob, JWEEncrypter enc)
      throws Exception {
    MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    long now = clock.instant().getEpochSecond();
    String message =
        "{\"id\":\"m-7\",\"typ\":\"application/didcomm-plain+json\","
            + "\"type\":\"https://credrelay.org/didcomm/atala-message/1.0\","
            + "\"from\":\"did:example:alice\",\"to\":[\"did:example:bob\"],"
            + "\"created_time\":"
            + now
            + ",\"expires_time\":"
            + (now + 3600)
            + ",\"body\":{\"atala_message\":\"GgQKAmlk\"}}";
    JWEHeader header =
        new JWEHeader.Builder(JWEAlgorithm.ECDH_1PU_A256KW, EncryptionMethod.A256CBC_HS512)
            .type(new JOSEObjectType(EnvelopeHeaders.TYP))
            .senderKeyID(alice.kid())
            .agreementPartyUInfo(Base64URL.encode(alice.kid().getBytes(StandardCharsets.UTF_8)))
            .agreementPartyVInfo(
                Base64URL.encode(Digests.sha256(bob.kid().getBytes(StandardCharsets.US_ASCII))))
            .customParam(EnvelopeHeaders.CONNECTION_ID, "conn-1")
            .customParam(EnvelopeHeaders.MESSAGE_ID, "m-7")
            .customParam(EnvelopeHeaders.CREATED_AT, now)
            .build();
    JWEObject jwe = new JWEObject(header, new Payload(message));
    jwe.encrypt(enc);
    String[] p = jwe.serialize().split("\\.", -1);
    String general =
        Json.write(
            Map.of(
                "protected", p[0],
                "recipients",
                    List.of(Map.of("header", Map.of("kid", bob.kid()), "encrypted_key", p[1])),
                "iv", p[2],
                "ciphertext", p[3],
                "tag", p[4]));

    OpenedEnvelope opened =
        new EnvelopeOpener(clock, new InMemorySeenMessageIds(clock), EnvelopePolicy.defaults())
            .open(
                general.getBytes(StandardCharsets.UTF_8),
                "conn-1",
                KeyRing.of(bob),
                List.of(alice.publicKey()));

    assertThat(opened.plaintext()).containsExactly(0x1a, 0x04, 0x0a, 0x02, 0x69, 0x64);
    assertThat(opened.senderKid()).isEqualTo(alice.kid());
  }

  private static byte[] specMessage() {
    JsonNode message = DidcommSpecVectorsTest.plainMessage();
    return message.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Our JWE layer with the appendix's DID URL kids and no credrelay binding. */
  private static String ourPack(KeyPairJwk alice, KeyPairJwk bob, byte[] plaintext)
      throws Exception {
    return new JweEncryptor(SealingRandomness.from(new SecureRandom()))
        .encrypt(
            KeyWrapAlgorithm.ECDH_1PU_A256KW,
            ContentEncryption.A256CBC_HS512,
            alice,
            alice.kid(),
            List.of(bob.publicKey()),
            List.of(bob.kid()),
            Map.of(),
            plaintext)
        .toJson();
  }

  @SuppressWarnings("unchecked")
  private static byte[] nimbusDecrypt(String general, JWEDecrypter decrypter) throws Exception {
    Map<String, Object> jwe = Json.parseObject(general, 1 << 20);
    Map<String, Object> recipient = ((List<Map<String, Object>>) jwe.get("recipients")).get(0);
    JWEObject compact =
        JWEObject.parse(
            jwe.get("protected")
                + "."
                + recipient.get("encrypted_key")
                + "."
                + jwe.get("iv")
                + "."
                + jwe.get("ciphertext")
                + "."
                + jwe.get("tag"));
    compact.decrypt(decrypter);
    return compact.getPayload().toBytes();
  }
}
