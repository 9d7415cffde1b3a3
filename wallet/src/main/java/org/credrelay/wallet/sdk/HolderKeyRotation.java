package org.credrelay.wallet.sdk;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.envelope.Addressing;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.RotateConnectionKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateConnectionKeyResponse;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.proto.messages.v1.KeyRotationMessage;
import org.credrelay.wallet.connector.ConnectorClient;
import org.credrelay.wallet.registry.KeyRegistryClient;
import org.credrelay.wallet.store.ConnectionRecord;
import org.credrelay.wallet.store.OwnKeyRotation;

/**
 * Holder key rotation (docs/PROTOCOL.md §7.8): a fresh communication key on the same curve is
 * registered at the key registry (RotateConnectionKey, signed by the holder's authentication key),
 * the state is saved with the new key current and the old one kept for the grace period, and the
 * issuer is told in a {@code KeyRotationMessage} authcrypted from the old key (the one it pinned)
 * to its pinned key. If the announcement cannot be sent, the rotation is saved as unannounced and
 * the next call sends it again instead of rotating once more.
 */
final class HolderKeyRotation {

  /** Persists state changes (under the wallet's state lock, saved at once). */
  interface StateWriter {
    void rotated(ConnectionRecord connection, OwnKeyRotation rotation);
  }

  private final KeyRegistryClient registry;
  private final ConnectorClient connector;
  private final KeyPairJwk authenticationKey;
  private final Clock clock;
  private final SecureRandom random;
  private final EnvelopeSealer sealer;

  /**
   * @param registry the key registry, or null (rotation is then refused)
   */
  HolderKeyRotation(
      KeyRegistryClient registry,
      ConnectorClient connector,
      KeyPairJwk authenticationKey,
      Clock clock,
      SecureRandom random) {
    this.registry = registry;
    this.connector = connector;
    this.authenticationKey = authenticationKey;
    this.clock = clock;
    this.random = random;
    this.sealer = new EnvelopeSealer(clock, random);
  }

  /**
   * @param pending an unannounced earlier rotation of this connection, or null
   * @return the rotation, announced
   * @throws WalletException NOT_VERIFIED, KEY_ROTATION_FAILED, CONNECTOR_UNAVAILABLE,
   *     CONNECTOR_REFUSED
   */
  OwnKeyRotation rotate(
      ConnectionRecord connection,
      OwnKeyRotation pending,
      Duration gracePeriod,
      StateWriter writer) {
    if (connection.status() != ConnectionRecord.Status.VERIFIED) {
      throw new WalletException(
          WalletException.Reason.NOT_VERIFIED,
          "connection " + connection.connectionId() + " is " + connection.status());
    }
    OwnKeyRotation rotation = pending;
    ConnectionRecord current = connection;
    if (rotation == null || rotation.announced()) {
      KeyPairJwk old = parse(connection.communicationKey());
      KeyPairJwk next = Keys.generate(old.curve());
      RotateConnectionKeyResponse registered = register(connection, old, next, gracePeriod);
      rotation =
          new OwnKeyRotation(
              connection.connectionId(),
              connection.communicationKey(),
              instant(registered.getNewKey().getCreatedAt()),
              instant(registered.getOldKey().getRevokedAt()),
              false);
      current = connection.ownKeyRotated(next.toPrivateJson());
      writer.rotated(current, rotation);
    }
    announce(current, rotation);
    OwnKeyRotation announced = rotation.markAnnounced();
    writer.rotated(current, announced);
    return announced;
  }

  private RotateConnectionKeyResponse register(
      ConnectionRecord connection, KeyPairJwk old, KeyPairJwk next, Duration gracePeriod) {
    if (registry == null) {
      throw new WalletException(
          WalletException.Reason.KEY_ROTATION_FAILED,
          "no key registry is configured (--key-registry): the new key cannot be registered");
    }
    try {
      return registry.rotateConnectionKey(
          RotateConnectionKeyRequest.newBuilder()
              .setConnectionId(connection.connectorConnectionId())
              .setOldKeyId(old.kid())
              .setNewCommunicationKey(PublicKey.newBuilder().setJwk(next.publicKey().toJson()))
              .setGracePeriodSeconds(gracePeriod.toSeconds())
              .build(),
          authenticationKey,
          clock,
          random);
    } catch (StatusRuntimeException e) {
      throw new WalletException(
          WalletException.Reason.KEY_ROTATION_FAILED,
          "the key registry refused the rotation: " + Errors.describe(e.getStatus()),
          e);
    }
  }

  /** The announcement, from the replaced key to the issuer's pinned key, through the connector. */
  private void announce(ConnectionRecord connection, OwnKeyRotation rotation) {
    KeyPairJwk old = parse(rotation.retiredKey());
    KeyPairJwk next = parse(connection.communicationKey());
    PublicKeyJwk issuerKey;
    try {
      issuerKey = Keys.parsePublic(connection.issuerCommunicationKey(), KeyUse.COMMUNICATION);
    } catch (KeyRejectedException e) {
      throw new IllegalStateException("stored issuer key is invalid", e);
    }
    byte[] inner =
        AtalaMessage.newBuilder()
            .setKeyRotation(
                KeyRotationMessage.newBuilder()
                    .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                    .setOldKeyId(old.kid())
                    .setNewKey(PublicKey.newBuilder().setJwk(next.publicKey().toJson()))
                    .setRotatedAtMillis(rotation.rotatedAt().toEpochMilli())
                    .setOldKeyRevokedAtMillis(rotation.acceptedUntil().toEpochMilli()))
            .build()
            .toByteArray();
    // The message id is derived from the new kid, so a repeated send is one message.
    String messageId = "key-rotation-" + next.kid();
    byte[] envelope =
        sealer
            .seal(
                Addressing.holderToIssuer(connection.issuerDid()),
                old,
                List.of(issuerKey),
                connection.connectorConnectionId(),
                messageId,
                inner)
            .bytes();
    AtalaMessage message =
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId(issuerKey.kid())
                    .setEncryptedContent(ByteString.copyFrom(envelope)))
            .build();
    try {
      connector.send(
          connection.connectorConnectionId(),
          message,
          UUID.nameUUIDFromBytes(messageId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .toString());
    } catch (StatusRuntimeException e) {
      throw Errors.connector(e, "announce the new key", connector.target());
    }
  }

  private static KeyPairJwk parse(String jwk) {
    try {
      return KeyPairJwk.parse(jwk, KeyUse.COMMUNICATION);
    } catch (KeyRejectedException e) {
      throw new IllegalStateException("stored communication key is invalid", e);
    }
  }

  private static Instant instant(com.google.protobuf.Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
