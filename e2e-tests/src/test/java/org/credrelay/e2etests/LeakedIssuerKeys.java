package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;

/**
 * An attacker who stole the gateway's database and its key-encryption key: decrypts a tenant's
 * ACTIVE private key (what the attacker holds after that key leaked) and, controlling the
 * connector's database too, puts a credential sealed with it in front of the holder.
 */
final class LeakedIssuerKeys {

  private final Scenario scenario;
  private final SharedSuite env;

  LeakedIssuerKeys(Scenario scenario) {
    this.scenario = scenario;
    this.env = scenario.env;
  }

  /**
   * @param curve the stored curve name: X25519, P_256 (communication) or ED25519
   */
  KeyPairJwk activeKeyPair(String did, KeyUse usage, String curve) throws Exception {
    try (var db = env.database();
        var select =
            db.prepareStatement(
                "SELECT k.id, k.private_jwk_ciphertext FROM issuer_gateway.tenant_keys k"
                    + " JOIN issuer_gateway.tenants t ON t.id = k.tenant_id"
                    + " WHERE t.did = ? AND k.usage = ? AND k.status = 'ACTIVE' AND k.curve = ?")) {
      select.setString(1, did);
      select.setString(2, usage.name());
      select.setString(3, curve);
      try (var rows = select.executeQuery()) {
        assertThat(rows.next()).as("an ACTIVE %s %s key", curve, usage).isTrue();
        UUID id = rows.getObject(1, UUID.class);
        byte[] stored = rows.getBytes(2);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
            Cipher.DECRYPT_MODE,
            new SecretKeySpec(Base64.getDecoder().decode(env.gatewayKeyEncryptionKey), "AES"),
            new GCMParameterSpec(128, Arrays.copyOfRange(stored, 1, 13)));
        cipher.updateAAD(
            ("credrelay-gw-at-rest-v1|tenant-private-key|" + id)
                .getBytes(StandardCharsets.US_ASCII));
        byte[] json = cipher.doFinal(Arrays.copyOfRange(stored, 13, stored.length));
        return KeyPairJwk.parse(new String(json, StandardCharsets.UTF_8), usage);
      }
    }
  }

  /** Seals a credential whose subject carries {@code marker} from {@code sender} to the holder. */
  void injectCredential(Scenario.Connected c, KeyPairJwk sender, String marker) throws Exception {
    PublicKeyJwk holderKey =
        Keys.parsePublic(
            scenario.holderCommunicationJwk(c.connectorConnectionId()), KeyUse.COMMUNICATION);
    AtalaMessage credential =
        AtalaMessage.newBuilder()
            .setCredential(
                CredentialMessage.newBuilder()
                    .setCredentialId(UUID.randomUUID().toString())
                    .setMediaType("application/vc+json")
                    .setDocument(
                        ByteString.copyFromUtf8(
                            "{\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{\"m\":\""
                                + marker
                                + "\"}}"))
                    .setIssuedAtMillis(System.currentTimeMillis()))
            .build();
    byte[] forged =
        new EnvelopeSealer(Clock.systemUTC(), new SecureRandom())
            .seal(sender, List.of(holderKey), c.connectorConnectionId(), credential.toByteArray())
            .bytes();
    scenario.injectToHolder(
        c.connectorConnectionId(),
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId(holderKey.kid())
                    .setEncryptedContent(ByteString.copyFrom(forged)))
            .build()
            .toByteArray());
  }
}
