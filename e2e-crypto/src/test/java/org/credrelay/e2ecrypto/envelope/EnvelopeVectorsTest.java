package org.credrelay.e2ecrypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks the published envelope vectors docs/vectors/envelope-*.json (PROTOCOL.md 3.5): re-seals
 * each from its inputs (keys, epk, CEK, IV, message id and time fixed through the package-private
 * {@link SealingRandomness} seam) and compares every output byte for byte, then opens the stored
 * envelope. {@code -Dvectors.write=true} rewrites the outputs (and creates missing files with fresh
 * inputs), so an intentional change is one command.
 */
class EnvelopeVectorsTest {

  private static final Path DIR = Path.of("..", "docs", "vectors");
  private static final boolean WRITE = Boolean.getBoolean("vectors.write");
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final String ISSUER_DID = "did:example:issuer";
  private static final String CONNECTION = "9f3c2a1e-connector-connection-1";
  private static final long CREATED_AT = 1795687200L; // 2026-11-27T08:00:00Z
  private static final String ATALA_MESSAGE = "GiQKA2MtMRITYXBwbGljYXRpb24vdmMranNvbhoIeyJ2YyI6MX0";
  private static final String ATALA_MESSAGE_DECODED =
      "AtalaMessage{credential{credential_id: \"c-1\", media_type: \"application/vc+json\","
          + " document: '{\"vc\":1}'}} (protobuf, base64url above)";

  @TestFactory
  Stream<DynamicTest> publishedEnvelopes_areResealedByteForByte_andOpen() {
    return Stream.of(
            new Vector("envelope-authcrypt-x25519.json", KeyCurve.X25519, true),
            new Vector("envelope-authcrypt-p256.json", KeyCurve.P_256, true),
            new Vector("envelope-anoncrypt-x25519.json", KeyCurve.X25519, false),
            new Vector("envelope-anoncrypt-p256.json", KeyCurve.P_256, false))
        .map(v -> DynamicTest.dynamicTest(v.file(), () -> check(v)));
  }

  private record Vector(String file, KeyCurve curve, boolean authcrypt) {}

  /**
   * Decision 0049: a sealer and an opener that remember {@code Zs} per key pair produce and accept
   * exactly the published bytes, and the second seal really reuses the remembered value.
   */
  @TestFactory
  Stream<DynamicTest> rememberedStaticAgreement_sealsTheSameBytes_andOpens() {
    return Stream.of(
            new Vector("envelope-authcrypt-x25519.json", KeyCurve.X25519, true),
            new Vector("envelope-authcrypt-p256.json", KeyCurve.P_256, true))
        .map(v -> DynamicTest.dynamicTest(v.file(), () -> checkRemembered(v)));
  }

  private static void checkRemembered(Vector vector) throws Exception {
    JsonNode stored = MAPPER.readTree(DIR.resolve(vector.file()).toFile());
    JsonNode inputs = stored.get("inputs");
    RememberingAgreements remembered = new RememberingAgreements();
    MutableClock clock =
        MutableClock.at(Instant.ofEpochSecond(inputs.get("createdAt").asLong()).toString());
    KeyPairJwk recipient = key(inputs, "recipientKey");
    for (int round = 0; round < 2; round++) {
      SealedEnvelope sealed =
          new EnvelopeSealer(clock, fixedRandomness(inputs), remembered)
              .seal(
                  Addressing.issuerToHolder(inputs.get("senderDid").asString()),
                  key(inputs, "senderKey"),
                  List.of(recipient.publicKey()),
                  inputs.get("connectionId").asString(),
                  inputs.get("messageId").asString(),
                  Base64Url.decode(inputs.get("atalaMessage").asString()));
      assertThat(sealed.json()).isEqualTo(stored.get("outputs").get("envelope").asString());
    }
    assertThat(remembered.computed).isEqualTo(1);
    assertThat(remembered.reused).isEqualTo(1);
    OpenedEnvelope opened =
        new EnvelopeOpener(
                clock, new InMemorySeenMessageIds(clock), EnvelopePolicy.defaults(), remembered)
            .open(
                stored.get("outputs").get("envelope").asString().getBytes(StandardCharsets.UTF_8),
                inputs.get("connectionId").asString(),
                KeyRing.of(recipient),
                senders(vector, inputs));
    assertThat(opened.plaintext())
        .isEqualTo(Base64Url.decode(inputs.get("atalaMessage").asString()));
    assertThat(remembered.computed)
        .as("the opener's (recipient, sender) is a new pair")
        .isEqualTo(2);
  }

  /** A minimal remembering source, keyed like the gateway's cache by both thumbprints. */
  private static final class RememberingAgreements implements StaticAgreements {
    private final Map<String, byte[]> values = new java.util.HashMap<>();
    private int computed;
    private int reused;

    @Override
    public byte[] agree(KeyPairJwk own, org.credrelay.e2ecrypto.keys.PublicKeyJwk peer)
        throws org.credrelay.e2ecrypto.keys.KeyRejectedException {
      String key = own.publicKey().thumbprint() + "." + peer.thumbprint();
      byte[] value = values.get(key);
      if (value == null) {
        value = own.agree(peer);
        values.put(key, value.clone());
        computed++;
        return value;
      }
      reused++;
      return value.clone();
    }
  }

  private static void check(Vector vector) throws Exception {
    Path path = DIR.resolve(vector.file());
    ObjectNode inputs =
        Files.exists(path)
            ? (ObjectNode) MAPPER.readTree(path.toFile()).get("inputs")
            : freshInputs(vector);
    ObjectNode outputs = outputs(vector, inputs);
    if (WRITE) {
      write(path, vector, inputs, outputs);
    }
    JsonNode stored = MAPPER.readTree(path.toFile());
    assertThat(stored.get("outputs")).isEqualTo(outputs);
    assertOpens(vector, inputs, stored.get("outputs").get("envelope").asString());
  }

  private static ObjectNode outputs(Vector vector, JsonNode inputs) throws Exception {
    MutableClock clock =
        MutableClock.at(Instant.ofEpochSecond(inputs.get("createdAt").asLong()).toString());
    EnvelopeSealer sealer = new EnvelopeSealer(clock, fixedRandomness(inputs));
    KeyPairJwk recipient = key(inputs, "recipientKey");
    byte[] atala = Base64Url.decode(inputs.get("atalaMessage").asString());
    String connection = inputs.get("connectionId").asString();
    SealedEnvelope sealed =
        vector.authcrypt()
            ? sealer.seal(
                Addressing.issuerToHolder(inputs.get("senderDid").asString()),
                key(inputs, "senderKey"),
                List.of(recipient.publicKey()),
                connection,
                inputs.get("messageId").asString(),
                atala)
            : sealer.sealAnonymous(
                List.of(recipient.publicKey()),
                ContentEncryption.fromJose(inputs.get("enc").asString()).orElseThrow(),
                connection,
                atala);
    Map<String, Object> jwe = Json.parseObject(sealed.json(), 1 << 20);
    byte[] plaintext =
        new JweDecryptor(1 << 20)
            .decrypt(
                sealed.bytes(),
                KidResolver.didUrls(KeyRing.of(recipient), senders(vector, inputs)),
                !vector.authcrypt())
            .plaintext();
    ObjectNode outputs = MAPPER.createObjectNode();
    outputs.put(
        "protectedHeader",
        new String(Base64Url.decode((String) jwe.get("protected")), StandardCharsets.UTF_8));
    outputs.put("plaintext", new String(plaintext, StandardCharsets.UTF_8));
    outputs.put("envelope", sealed.json());
    return outputs;
  }

  private static void assertOpens(Vector vector, JsonNode inputs, String envelope)
      throws Exception {
    MutableClock clock =
        MutableClock.at(Instant.ofEpochSecond(inputs.get("createdAt").asLong()).toString());
    EnvelopePolicy policy =
        vector.authcrypt()
            ? EnvelopePolicy.defaults()
            : EnvelopePolicy.defaults().withAnoncryptAllowed();
    OpenedEnvelope opened =
        new EnvelopeOpener(clock, new InMemorySeenMessageIds(clock), policy)
            .open(
                envelope.getBytes(StandardCharsets.UTF_8),
                inputs.get("connectionId").asString(),
                KeyRing.of(key(inputs, "recipientKey")),
                senders(vector, inputs));
    assertThat(opened.plaintext())
        .isEqualTo(Base64Url.decode(inputs.get("atalaMessage").asString()));
    assertThat(opened.messageId()).isEqualTo(inputs.get("messageId").asString());
  }

  private static List<org.credrelay.e2ecrypto.keys.PublicKeyJwk> senders(
      Vector vector, JsonNode inputs) throws Exception {
    return vector.authcrypt() ? List.of(key(inputs, "senderKey").publicKey()) : List.of();
  }

  private static SealingRandomness fixedRandomness(JsonNode inputs) throws Exception {
    KeyPairJwk ephemeral = key(inputs, "ephemeralKey");
    byte[] cek = Base64Url.decode(inputs.get("cek").asString());
    byte[] iv = Base64Url.decode(inputs.get("iv").asString());
    String messageId = inputs.get("messageId").asString();
    return new SealingRandomness() {
      @Override
      public KeyPairJwk ephemeralKey(KeyCurve curve) {
        return ephemeral;
      }

      @Override
      public byte[] contentKey(int length) {
        assertThat(cek).hasSize(length);
        return cek.clone();
      }

      @Override
      public byte[] iv(int length) {
        assertThat(iv).hasSize(length);
        return iv.clone();
      }

      @Override
      public String messageId() {
        return messageId;
      }
    };
  }

  private static KeyPairJwk key(JsonNode inputs, String name) throws Exception {
    return KeyPairJwk.parse(MAPPER.writeValueAsString(inputs.get(name)), KeyUse.COMMUNICATION);
  }

  /** Only when a file is first created: random inputs, then fixed forever in the file. */
  private static ObjectNode freshInputs(Vector vector) {
    if (!WRITE) {
      throw new IllegalStateException(DIR.resolve(vector.file()) + " is missing");
    }
    SecureRandom random = new SecureRandom();
    ContentEncryption enc =
        vector.authcrypt() ? ContentEncryption.A256CBC_HS512 : ContentEncryption.A256GCM;
    Map<String, Object> inputs = new LinkedHashMap<>();
    if (vector.authcrypt()) {
      inputs.put("senderDid", ISSUER_DID);
      inputs.put("senderKey", privateJwk(Keys.generate(vector.curve(), random)));
    }
    inputs.put("recipientKey", privateJwk(Keys.generate(vector.curve(), random)));
    inputs.put("ephemeralKey", privateJwk(Keys.generate(vector.curve(), random)));
    inputs.put("enc", enc.jose());
    inputs.put("cek", Base64Url.encode(bytes(random, enc.keyBytes())));
    inputs.put("iv", Base64Url.encode(bytes(random, enc.ivBytes())));
    inputs.put("messageId", Base64Url.encode(bytes(random, SealingRandomness.MESSAGE_ID_BYTES)));
    inputs.put("connectionId", CONNECTION);
    inputs.put("createdAt", CREATED_AT);
    inputs.put("atalaMessage", ATALA_MESSAGE);
    inputs.put("atalaMessageDecoded", ATALA_MESSAGE_DECODED);
    return (ObjectNode) MAPPER.valueToTree(inputs);
  }

  private static Map<String, Object> privateJwk(KeyPairJwk key) {
    return Json.parseObject(key.toPrivateJson(), 4096);
  }

  private static byte[] bytes(SecureRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static void write(Path path, Vector vector, ObjectNode inputs, ObjectNode outputs)
      throws IOException {
    ObjectNode file = MAPPER.createObjectNode();
    file.put(
        "description",
        (vector.authcrypt()
                ? "Authcrypt (ECDH-1PU+A256KW, A256CBC-HS512) envelope from an issuer (by DID) to a"
                    + " holder (by did:key) on "
                : "Anoncrypt (ECDH-ES+A256KW, A256GCM) envelope to a holder (by did:key) on ")
            + vector.curve().crv()
            + ". Inputs fix every key, the ephemeral key, CEK, IV, message id and time;"
            + " outputs are the decoded protected header, the DIDComm v2 plaintext and the"
            + " envelope bytes (UTF-8 JSON of EncryptedMessage.encrypted_content).");
    file.put("protocolSection", "PROTOCOL.md §3.3, §3.5");
    file.set("inputs", inputs);
    file.set("outputs", outputs);
    Files.createDirectories(path.getParent());
    Files.writeString(path, MAPPER.writeValueAsString(file) + "\n");
  }
}
