package org.credrelay.issuergateway.delivery.service;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.envelope.SealedEnvelope;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.springframework.stereotype.Component;

/**
 * Builds the wire bytes of a credential: the inner {@code AtalaMessage{credential}} authcrypted
 * (ECDH-1PU, PROTOCOL.md section 3) from the tenant's ACTIVE communication key to the pinned holder
 * key, bound to the connector connection id and the delivery id as message id, wrapped in {@code
 * AtalaMessage{encrypted_message{key_id = pinned kid}}}.
 */
@Component
public class EnvelopeFactory {

  public static final String MEDIA_TYPE = "application/vc+json";

  private final EnvelopeSealer sealer;

  public EnvelopeFactory(Clock clock, SecureRandom random) {
    this.sealer = new EnvelopeSealer(clock, random);
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
            sender,
            List.of(pinnedHolderKey),
            connectorConnectionId,
            delivery.id().toString(),
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
