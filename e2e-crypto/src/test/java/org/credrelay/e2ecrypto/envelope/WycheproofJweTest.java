package org.credrelay.e2ecrypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.vectors.TestVectors;
import org.credrelay.e2ecrypto.vectors.TestVectors.WycheproofCase;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner.Acceptable;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner.Outcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof json_web_encryption through {@link JweDecryptor} with anoncrypt allowed. Only
 * ECDH-ES+A256KW on P-256 with A256GCM/A256CBC-HS512 overlaps our allow-list: those valid vectors
 * must decrypt; every other valid vector (RSA, AES-KW, dir, A128*, P-384, zip) must be refused as
 * ALGORITHM_NOT_ALLOWED, and every invalid one refused.
 */
class WycheproofJweTest {

  private static final JweDecryptor DECRYPTOR = new JweDecryptor(1 << 20);

  @TestFactory
  Stream<DynamicTest> jsonWebEncryption() {
    return WycheproofRunner.run(
        "json_web_encryption_test.json",
        c -> {
          try {
            KeyRing ring = KeyRing.of(recipientKey(c));
            DecryptedJwe jwe = DECRYPTOR.decrypt(generalJson(c, ring), ring, List.of(), true);
            return Outcome.compare(jwe.plaintext(), c.hex("pt"));
          } catch (EnvelopeException e) {
            if ("valid".equals(c.result())) {
              // A valid vector may only be refused because our allow-list excludes its algorithms.
              assertThat(e.reason())
                  .as(c.displayName() + ": " + e.getMessage())
                  .isEqualTo(EnvelopeException.Reason.ALGORITHM_NOT_ALLOWED);
            }
            return Outcome.refused(e.reason().name());
          }
        },
        c -> Acceptable.RECORD,
        WycheproofJweTest::onOurAllowList);
  }

  /** alg ECDH-ES+A256KW with enc A256GCM or A256CBC-HS512 (all such vectors use P-256). */
  private static boolean onOurAllowList(WycheproofCase c) {
    try {
      String header =
          new String(
              Base64Url.decode(c.test().get("jwe").asString().split("\\.")[0]),
              StandardCharsets.UTF_8);
      Map<String, Object> members = Json.parseObject(header, 4096);
      return "ECDH-ES+A256KW".equals(members.get("alg"))
          && List.of("A256GCM", "A256CBC-HS512").contains(members.get("enc"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Test
  void invalidCurveEpk_inVector51_isRefusedByOurPointValidation() throws Exception {
    WycheproofCase c =
        TestVectors.wycheproof("json_web_encryption_test.json").stream()
            .filter(t -> t.id() == 51)
            .findFirst()
            .orElseThrow();
    String header =
        new String(
            Base64Url.decode(c.test().get("jwe").asString().split("\\.")[0]),
            StandardCharsets.UTF_8);
    @SuppressWarnings("unchecked")
    Map<String, Object> epk = (Map<String, Object>) Json.parseObject(header, 4096).get("epk");
    assertThatThrownBy(
            () -> PublicKeyJwk.fromJsonObject(epk, KeyUse.COMMUNICATION, KidPolicy.ANY_WELL_FORMED))
        .isInstanceOfSatisfying(
            KeyRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(KeyRejectedException.Reason.POINT_NOT_ON_CURVE));
  }

  /**
   * The group's P-256 private key; for groups with keys we cannot hold (RSA, AES, P-384) a
   * stand-in.
   */
  private static KeyPairJwk recipientKey(WycheproofCase c) {
    try {
      return KeyPairJwk.parse(
          TestVectors.MAPPER.writeValueAsString(c.group().get("private")), KeyUse.COMMUNICATION);
    } catch (KeyRejectedException e) {
      return Keys.generate(KeyCurve.P_256);
    }
  }

  /**
   * The vectors are compact serializations; ours is the general JSON one. The five compact parts
   * map one to one onto it, with the ring key's kid as the (unprotected) recipient header. Anything
   * that is not five parts (or is already JSON) is passed on unchanged for the decryptor to refuse.
   */
  private static byte[] generalJson(WycheproofCase c, KeyRing ring) {
    String jwe = c.test().get("jwe").asString();
    String[] parts = jwe.split("\\.", -1);
    if (jwe.startsWith("{") || parts.length != 5) {
      return jwe.getBytes(StandardCharsets.UTF_8);
    }
    String kid = ring.kids().iterator().next();
    return ("{\"protected\":\""
            + parts[0]
            + "\",\"recipients\":[{\"header\":{\"kid\":\""
            + kid
            + "\"},\"encrypted_key\":\""
            + parts[1]
            + "\"}],\"iv\":\""
            + parts[2]
            + "\",\"ciphertext\":\""
            + parts[3]
            + "\",\"tag\":\""
            + parts[4]
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
