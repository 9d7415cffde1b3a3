package org.credrelay.e2ecrypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.vectors.TestVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The encrypted messages of the DIDComm Messaging v2 specification appendix (C.3), decrypted
 * through {@link JweDecryptor} - the same layer {@link EnvelopeOpener#open} uses - as each
 * recipient, and refused after a one-byte change to each authenticated part.
 */
class DidcommSpecVectorsTest {

  private static final JsonNode VECTORS = TestVectors.load("didcomm/appendix-vectors.json");
  private static final JweDecryptor DECRYPTOR = new JweDecryptor(1 << 20);

  @TestFactory
  Stream<DynamicTest> authcryptMessages_decryptAsEachRecipient() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode message : authcryptMessages()) {
      String skid = header(message).get("skid").asString();
      for (JsonNode recipient : message.get("recipients")) {
        String kid = recipient.get("header").get("kid").asString();
        tests.add(
            DynamicTest.dynamicTest(
                skid + " -> " + kid,
                () -> {
                  DecryptedJwe decrypted =
                      DECRYPTOR.decrypt(
                          bytes(message),
                          KeyRing.of(recipientKey(kid)),
                          List.of(senderKey(skid)),
                          false);
                  assertThat(decrypted.recipientKid()).isEqualTo(kid);
                  assertThat(decrypted.sender().kid()).isEqualTo(skid);
                  assertThat(decrypted.algorithm()).isEqualTo(KeyWrapAlgorithm.ECDH_1PU_A256KW);
                  assertPlaintextIsTheSpecMessage(decrypted.plaintext());
                }));
      }
    }
    assertThat(tests).hasSize(5); // X25519 to 3 keys, P-256 to 2 keys
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> authcryptMessages_withOneByteChanged_areRejectedAsTampered() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode message : authcryptMessages()) {
      String skid = header(message).get("skid").asString();
      String kid = message.get("recipients").get(0).get("header").get("kid").asString();
      for (String part : List.of("ciphertext", "tag", "iv", "encrypted_key", "protected")) {
        tests.add(
            DynamicTest.dynamicTest(
                skid + " " + part,
                () -> {
                  byte[] tampered = flipOneByte(message, part);
                  assertThatThrownBy(
                          () ->
                              DECRYPTOR.decrypt(
                                  tampered,
                                  KeyRing.of(recipientKey(kid)),
                                  List.of(senderKey(skid)),
                                  false))
                      .isInstanceOfSatisfying(
                          EnvelopeException.class,
                          e ->
                              assertThat(e.reason())
                                  .isIn(
                                      EnvelopeException.Reason.TAMPERED,
                                      EnvelopeException.Reason.MALFORMED));
                }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> anoncryptMessages_withUnsupportedAlgorithmsOrCurves_areRefused() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode block : VECTORS.get("blocks")) {
      JsonNode json = block.get("json");
      if (json.has("protected") && !header(json).has("skid")) {
        String enc = header(json).get("enc").asString();
        String crv = header(json).get("epk").get("crv").asString();
        tests.add(
            DynamicTest.dynamicTest(
                crv + " " + enc,
                () ->
                    assertThatThrownBy(
                            () ->
                                DECRYPTOR.decrypt(
                                    bytes(json),
                                    KeyRing.of(recipientKey("did:example:bob#key-x25519-1")),
                                    List.of(),
                                    true))
                        .isInstanceOfSatisfying(
                            EnvelopeException.class,
                            e ->
                                assertThat(e.reason())
                                    .isEqualTo(EnvelopeException.Reason.ALGORITHM_NOT_ALLOWED))));
      }
    }
    // X25519+XC20P, P-384, P-521+A256GCM, P-521+XC20P (the outer layer of the nested one)
    assertThat(tests).hasSize(4);
    return tests.stream();
  }

  private static void assertPlaintextIsTheSpecMessage(byte[] plaintext) {
    JsonNode actual = TestVectors.MAPPER.readTree(new String(plaintext, StandardCharsets.UTF_8));
    if (actual.has("signatures")) {
      // Signed-then-encrypted: the plaintext is the C.2 EdDSA JWS; check its signature too.
      JsonNode signature = actual.get("signatures").get(0);
      byte[] signingInput =
          (signature.get("protected").asString() + "." + actual.get("payload").asString())
              .getBytes(StandardCharsets.US_ASCII);
      assertThat(
              senderAuthKey("did:example:alice#key-1")
                  .verifySignature(
                      signingInput, Base64Url.decode(signature.get("signature").asString())))
          .isTrue();
      assertThat(actual).isEqualTo(block("C.2").get("json"));
      return;
    }
    assertThat(actual).isEqualTo(plainMessage());
  }

  /**
   * The message the vectors encrypt. The appendix's C.1 text differs from it (no "typ", "https"
   * instead of "http"), so take it from the payload of the C.2 signed message, which matches.
   */
  static JsonNode plainMessage() {
    String payload = block("C.2").get("json").get("payload").asString();
    return TestVectors.MAPPER.readTree(Base64Url.decode(payload));
  }

  private static List<JsonNode> authcryptMessages() {
    List<JsonNode> messages = new ArrayList<>();
    for (JsonNode block : VECTORS.get("blocks")) {
      JsonNode json = block.get("json");
      if (json.has("protected") && header(json).has("skid")) {
        messages.add(json);
      }
    }
    return messages;
  }

  private static JsonNode header(JsonNode jwe) {
    return TestVectors.MAPPER.readTree(Base64Url.decode(jwe.get("protected").asString()));
  }

  private static JsonNode block(String sectionPrefix) {
    for (JsonNode block : VECTORS.get("blocks")) {
      if (block.get("section").asString().startsWith(sectionPrefix)) {
        return block;
      }
    }
    throw new IllegalStateException("no block " + sectionPrefix);
  }

  private static final Map<String, String> SECRETS = new HashMap<>();

  private static String secret(String kid) {
    if (SECRETS.isEmpty()) {
      for (String section : List.of("A.1", "A.2")) {
        for (JsonNode jwk : block(section).get("json")) {
          String json = TestVectors.trimmedMemberNames(jwk);
          SECRETS.put(TestVectors.MAPPER.readTree(json).get("kid").asString(), json);
        }
      }
    }
    return SECRETS.get(kid);
  }

  static KeyPairJwk recipientKey(String kid) throws Exception {
    return KeyPairJwk.parse(secret(kid), KeyUse.COMMUNICATION);
  }

  private static PublicKeyJwk senderKey(String kid) throws Exception {
    return KeyPairJwk.parse(secret(kid), KeyUse.COMMUNICATION).publicKey();
  }

  private static PublicKeyJwk senderAuthKey(String kid) {
    try {
      return KeyPairJwk.parse(secret(kid), KeyUse.AUTHENTICATION).publicKey();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(JsonNode jwe) {
    return TestVectors.MAPPER.writeValueAsBytes(jwe);
  }

  /**
   * Flips the lowest bit of one byte in the middle of a decoded part, re-encodes, re-serializes.
   */
  private static byte[] flipOneByte(JsonNode message, String part) {
    ObjectNode copy = (ObjectNode) message.deepCopy();
    ObjectNode holder =
        part.equals("encrypted_key") ? (ObjectNode) copy.get("recipients").get(0) : copy;
    byte[] value = Base64Url.decode(holder.get(part).asString());
    value[value.length / 2] ^= 1;
    holder.put(part, Base64Url.encode(value));
    return bytes(copy);
  }
}
