package org.credrelay.issuergateway.delivery.service;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.envelope.Addressing;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.envelope.SealedEnvelope;
import org.credrelay.e2ecrypto.envelope.StaticAgreements;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.KeyAnnouncement;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.CredentialRevokedMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.proto.messages.v1.KeyRotationMessage;
import org.springframework.stereotype.Component;

/**
 * Builds the wire bytes of a credential: the inner {@code AtalaMessage{credential}} in a DIDComm v2
 * message authcrypted (ECDH-1PU, PROTOCOL.md section 3) from the tenant's ACTIVE communication key
 * ({@code <issuer DID>#<kid>}) to the pinned holder key (its did:key), bound to the connector
 * connection id and the delivery id as message id, wrapped in {@code
 * AtalaMessage{encrypted_message{key_id = pinned kid}}}.
 */
@Component
public class EnvelopeFactory {

  public static final String MEDIA_TYPE = "application/vc+json";

  private final EnvelopeSealer sealer;

  /**
   * @param agreements the remembered static-static half of ECDH-1PU per key pair (decision 0049)
   */
  public EnvelopeFactory(Clock clock, SecureRandom random, StaticAgreements agreements) {
    this.sealer = new EnvelopeSealer(clock, random, agreements);
  }

  /**
   * @param document the decrypted credential document of {@code delivery}
   */
  public byte[] credentialMessage(
      IssuerIdentity issuer,
      PublicKeyJwk pinnedHolderKey,
      String connectorConnectionId,
      ClaimedDelivery delivery,
      byte[] document) {
    byte[] inner =
        AtalaMessage.newBuilder()
            .setCredential(
                CredentialMessage.newBuilder()
                    .setCredentialId(delivery.credentialId().toString())
                    .setMediaType(MEDIA_TYPE)
                    .setDocument(ByteString.copyFrom(document))
                    .setIssuedAtMillis(delivery.createdAt().toEpochMilli()))
            .build()
            .toByteArray();
    return encrypted(
        issuer, pinnedHolderKey, connectorConnectionId, delivery.id().toString(), inner);
  }

  /**
   * The wire bytes of a key rotation announcement: {@code AtalaMessage{key_rotation}} authcrypted
   * from {@code sender}'s communication key (the one the holder has pinned, i.e. the old key of a
   * communication-key rotation) to the pinned holder key.
   */
  public byte[] keyRotationMessage(
      IssuerIdentity sender,
      PublicKeyJwk pinnedHolderKey,
      String connectorConnectionId,
      String messageId,
      KeyAnnouncement announcement) {
    byte[] inner =
        AtalaMessage.newBuilder()
            .setKeyRotation(
                KeyRotationMessage.newBuilder()
                    .setUsage(
                        announcement.usage() == KeyUse.COMMUNICATION
                            ? KeyUsage.KEY_USAGE_COMMUNICATION
                            : KeyUsage.KEY_USAGE_AUTHENTICATION)
                    .setOldKeyId(announcement.oldKeyId())
                    .setNewKey(PublicKey.newBuilder().setJwk(announcement.newKey().toJson()))
                    .setRotatedAtMillis(announcement.rotatedAt().toEpochMilli())
                    .setOldKeyRevokedAtMillis(announcement.oldKeyRevokedAt().toEpochMilli()))
            .build()
            .toByteArray();
    return encrypted(sender, pinnedHolderKey, connectorConnectionId, messageId, inner);
  }

  /**
   * The inner message of a revocation notice, {@code AtalaMessage{credential_revoked}}; sealed by
   * {@link #revocationMessage} when first sent.
   */
  public byte[] revocationContent(UUID credentialId, String reason, Instant revokedAt) {
    return AtalaMessage.newBuilder()
        .setCredentialRevoked(
            CredentialRevokedMessage.newBuilder()
                .setCredentialId(credentialId.toString())
                .setReason(reason)
                .setRevokedAtMillis(revokedAt.toEpochMilli()))
        .build()
        .toByteArray();
  }

  /**
   * The wire bytes of a revocation notice: its {@code content} ({@link #revocationContent})
   * authcrypted like a credential, bound to the connection and the notice's delivery id.
   */
  public byte[] revocationMessage(
      IssuerIdentity issuer,
      PublicKeyJwk pinnedHolderKey,
      String connectorConnectionId,
      ClaimedDelivery notice,
      byte[] content) {
    return encrypted(
        issuer, pinnedHolderKey, connectorConnectionId, notice.id().toString(), content);
  }

  private byte[] encrypted(
      IssuerIdentity issuer,
      PublicKeyJwk pinnedHolderKey,
      String connectorConnectionId,
      String messageId,
      byte[] inner) {
    // The key on the holder's curve: the one the handshake reply told the holder to pin.
    KeyPairJwk sender =
        issuer
            .communicationKey(pinnedHolderKey.curve())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the issuer holds no communication key on "
                            + pinnedHolderKey.curve().crv()));
    SealedEnvelope envelope =
        sealer.seal(
            Addressing.issuerToHolder(issuer.did()),
            sender,
            List.of(pinnedHolderKey),
            connectorConnectionId,
            messageId,
            inner);
    return AtalaMessage.newBuilder()
        .setEncryptedMessage(
            EncryptedMessage.newBuilder()
                .setKeyId(pinnedHolderKey.kid())
                .setEncryptedContent(ByteString.copyFrom(envelope.bytes())))
        .build()
        .toByteArray();
  }
}
