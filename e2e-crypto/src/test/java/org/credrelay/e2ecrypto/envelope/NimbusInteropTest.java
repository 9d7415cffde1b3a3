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
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Interoperability with an independent implementation: Nimbus' single-recipient ECDH-1PU and
 * ECDH-ES (X25519 through Tink). A one-recipient general JSON JWE and a compact JWE carry the same
 * five parts, so each side can read what the other wrote.
 */
class NimbusInteropTest {

  private static final byte[] MESSAGE = "interop".getBytes(StandardCharsets.UTF_8);
  private final JweDecryptor decryptor = new JweDecryptor(1 << 20);

  @Test
  void nimbusX25519Authcrypt_isDecryptedByUs() throws Exception {
    KeyPairJwk sender = Keys.generate(KeyCurve.X25519);
    KeyPairJwk recipient = Keys.generate(KeyCurve.X25519);
    JWEEncrypter encrypter = new ECDH1PUX25519Encrypter(okp(sender), okp(recipient).toPublicJWK());

    String compact = nimbusEncrypt(authcryptHeader(sender, recipient), encrypter);

    DecryptedJwe jwe =
        decryptor.decrypt(
            toGeneral(compact, recipient.kid()),
            KeyRing.of(recipient),
            List.of(sender.publicKey()),
            false);
    assertThat(jwe.plaintext()).isEqualTo(MESSAGE);
  }

  @Test
  void nimbusP256Authcrypt_isDecryptedByUs() throws Exception {
    KeyPairJwk sender = Keys.generate(KeyCurve.P_256);
    KeyPairJwk recipient = Keys.generate(KeyCurve.P_256);
    JWEEncrypter encrypter =
        new ECDH1PUEncrypter(ec(sender).toECPrivateKey(), ec(recipient).toECPublicKey());

    String compact = nimbusEncrypt(authcryptHeader(sender, recipient), encrypter);

    assertThat(
            decryptor
                .decrypt(
                    toGeneral(compact, recipient.kid()),
                    KeyRing.of(recipient),
                    List.of(sender.publicKey()),
                    false)
                .plaintext())
        .isEqualTo(MESSAGE);
  }

  @Test
  void nimbusP256Anoncrypt_isDecryptedByUs() throws Exception {
    KeyPairJwk recipient = Keys.generate(KeyCurve.P_256);
    JWEHeader header =
        new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM).build();

    String compact = nimbusEncrypt(header, new ECDHEncrypter(ec(recipient).toECPublicKey()));

    assertThat(
            decryptor
                .decrypt(
                    toGeneral(compact, recipient.kid()), KeyRing.of(recipient), List.of(), true)
                .plaintext())
        .isEqualTo(MESSAGE);
  }

  @Test
  void ourX25519Envelope_isDecryptedByNimbus() throws Exception {
    KeyPairJwk sender = Keys.generate(KeyCurve.X25519);
    KeyPairJwk recipient = Keys.generate(KeyCurve.X25519);
    SealedEnvelope sealed =
        new EnvelopeSealer(Clock.systemUTC(), new SecureRandom())
            .seal(sender, List.of(recipient.publicKey()), "c", MESSAGE);

    byte[] plaintext =
        nimbusDecrypt(
            sealed, new ECDH1PUX25519Decrypter(okp(recipient), okp(sender).toPublicJWK()));

    assertThat(atalaMessageIn(plaintext)).isEqualTo(MESSAGE);
  }

  @Test
  void ourP256Envelope_isDecryptedByNimbus() throws Exception {
    KeyPairJwk sender = Keys.generate(KeyCurve.P_256);
    KeyPairJwk recipient = Keys.generate(KeyCurve.P_256);
    SealedEnvelope sealed =
        new EnvelopeSealer(Clock.systemUTC(), new SecureRandom())
            .seal(sender, List.of(recipient.publicKey()), "c", MESSAGE);

    byte[] plaintext =
        nimbusDecrypt(
            sealed,
            new ECDH1PUDecrypter(ec(recipient).toECPrivateKey(), ec(sender).toECPublicKey()));

    assertThat(atalaMessageIn(plaintext)).isEqualTo(MESSAGE);
  }

  private static JWEHeader authcryptHeader(KeyPairJwk sender, KeyPairJwk recipient) {
    byte[] skid = sender.kid().getBytes(StandardCharsets.UTF_8);
    return new JWEHeader.Builder(JWEAlgorithm.ECDH_1PU_A256KW, EncryptionMethod.A256CBC_HS512)
        .type(new JOSEObjectType(EnvelopeHeaders.TYP))
        .senderKeyID(sender.kid())
        .agreementPartyUInfo(Base64URL.encode(skid))
        .agreementPartyVInfo(
            Base64URL.encode(Digests.sha256(recipient.kid().getBytes(StandardCharsets.US_ASCII))))
        .build();
  }

  private static String nimbusEncrypt(JWEHeader header, JWEEncrypter encrypter) throws Exception {
    JWEObject jwe = new JWEObject(header, new Payload(MESSAGE));
    jwe.encrypt(encrypter);
    return jwe.serialize();
  }

  @SuppressWarnings("unchecked")
  private static byte[] nimbusDecrypt(SealedEnvelope sealed, JWEDecrypter decrypter)
      throws Exception {
    Map<String, Object> jwe = Json.parseObject(sealed.json(), 1 << 20);
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

  /** Reads the DIDComm plaintext with Jackson, not with the project's parser. */
  private static byte[] atalaMessageIn(byte[] didcommPlaintext) {
    JsonNode message = new ObjectMapper().readTree(didcommPlaintext);
    assertThat(message.get("typ").asString()).isEqualTo("application/didcomm-plain+json");
    assertThat(message.get("from").asString()).startsWith("did:key:z");
    return Base64.getUrlDecoder().decode(message.get("body").get("atala_message").asString());
  }

  private static byte[] toGeneral(String compact, String kid) {
    String[] p = compact.split("\\.", -1);
    return ("{\"protected\":\""
            + p[0]
            + "\",\"recipients\":[{\"header\":{\"kid\":\""
            + kid
            + "\"},\"encrypted_key\":\""
            + p[1]
            + "\"}],\"iv\":\""
            + p[2]
            + "\",\"ciphertext\":\""
            + p[3]
            + "\",\"tag\":\""
            + p[4]
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static OctetKeyPair okp(KeyPairJwk key) throws Exception {
    return OctetKeyPair.parse(key.toPrivateJson());
  }

  private static ECKey ec(KeyPairJwk key) throws Exception {
    return ECKey.parse(key.toPrivateJson());
  }
}
