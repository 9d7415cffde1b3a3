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
 * An issuer's communication key leaked (decrypted from the gateway's database with its key
 * encryption key), and an attacker who seals credentials with it and writes them into the
 * connector's database for the holder.
 */
final class IssuerKeyLeak {

  private IssuerKeyLeak() {}

  /** The tenant's ACTIVE X25519 communication key pair: what an attacker holds after the leak. */
  static KeyPairJwk activeCommunicationKeyPair(Scenario scenario, String did) throws Exception {
    try (var db = scenario.env.database();
        var select =
            db.prepareStatement(
                "SELECT k.id, k.private_jwk_ciphertext FROM issuer_gateway.tenant_keys k"
                    + " JOIN issuer_gateway.tenants t ON t.id = k.tenant_id"
                    + " WHERE t.did = ? AND k.usage = 'COMMUNICATION' AND k.status = 'ACTIVE'"
                    + " AND k.curve = 'X25519'")) {
      select.setString(1, did);
      try (var rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        UUID id = rows.getObject(1, UUID.class);
        byte[] stored = rows.getBytes(2);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
            Cipher.DECRYPT_MODE,
            new SecretKeySpec(
                Base64.getDecoder().decode(scenario.env.gatewayKeyEncryptionKey), "AES"),
            new GCMParameterSpec(128, Arrays.copyOfRange(stored, 1, 13)));
        cipher.updateAAD(
            ("credrelay-gw-at-rest-v1|tenant-private-key|" + id)
                .getBytes(StandardCharsets.US_ASCII));
        byte[] json = cipher.doFinal(Arrays.copyOfRange(stored, 13, stored.length));
        return KeyPairJwk.parse(new String(json, StandardCharsets.UTF_8), KeyUse.COMMUNICATION);
      }
    }
  }

  /**
   * Seals a credential whose subject carries {@code marker} with {@code leaked} to the holder's key
   * of the connection, and writes it into the connector's database as if the issuer had sent it.
   */
  static void injectCredentialSealedWith(
      Scenario scenario, Scenario.Connected c, KeyPairJwk leaked, String marker) throws Exception {
    PublicKeyJwk holderKey =
        Keys.parsePublic(
            scenario.holderCommunicationJwk(c.connectorConnectionId()), KeyUse.COMMUNICATION);
    byte[] forged =
        new EnvelopeSealer(Clock.systemUTC(), new SecureRandom())
            .seal(
                leaked,
                List.of(holderKey),
                c.connectorConnectionId(),
                credential(marker).toByteArray())
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

  private static AtalaMessage credential(String marker) {
    return AtalaMessage.newBuilder()
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
  }
}
