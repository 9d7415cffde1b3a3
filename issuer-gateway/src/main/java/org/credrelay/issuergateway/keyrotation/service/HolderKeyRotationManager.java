package org.credrelay.issuergateway.keyrotation.service;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.e2ecrypto.envelope.EnvelopeException;
import org.credrelay.e2ecrypto.envelope.EnvelopeOpener;
import org.credrelay.e2ecrypto.envelope.EnvelopePolicy;
import org.credrelay.e2ecrypto.envelope.KeyRing;
import org.credrelay.e2ecrypto.envelope.OpenedEnvelope;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.connection.service.HolderKeyHistoryCheck;
import org.credrelay.issuergateway.connection.service.PinnedKeyVerifier;
import org.credrelay.issuergateway.delivery.service.StaticAgreementCache;
import org.credrelay.issuergateway.keyrotation.HolderKeyRotationRefusal;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.VerifiedKeyHistory;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.keyregistry.v1.KeyEventType;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.proto.messages.v1.KeyRotationMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Holder key rotation at the issuer (docs/PROTOCOL.md §7.8, decision 0033): a holder announces its
 * new communication key in a {@code KeyRotationMessage} authcrypted from the key the gateway has
 * pinned; the gateway re-pins only if the announcement opens with the pinned key and the
 * connection's verified key history ({@link HolderKeyHistoryCheck}, S8) shows the new key ACTIVE
 * with exactly the announced material and a ROTATED event from the pinned key to it. From then on
 * credentials are sealed to the new key (the seal stage reads the pin when it seals). A refusal
 * keeps the pin and is recorded as the connection's {@code lastFailure} ("CODE: detail").
 *
 * <p>It opens every encrypted message from a holder (steps 1-3 of §7.8 hold for all of them);
 * content other than an announcement that opened with the pinned key is returned as {@link
 * Outcome.OtherContent} for the caller to route (a delivery receipt, PROTOCOL.md §5.14).
 */
@Service
public class HolderKeyRotationManager {

  private static final Logger log = LoggerFactory.getLogger(HolderKeyRotationManager.class);

  private final ConnectionManager connections;
  private final IssuerIdentityCache identities;
  private final HolderKeyHistoryCheck histories;
  private final StaticAgreementCache agreements;
  private final EnvelopeOpener opener;
  private final Clock clock;

  public HolderKeyRotationManager(
      ConnectionManager connections,
      IssuerIdentityCache identities,
      HolderKeyHistoryCheck histories,
      StaticAgreementCache agreements,
      Clock clock) {
    this.connections = connections;
    this.identities = identities;
    this.histories = histories;
    this.agreements = agreements;
    this.clock = clock;
    // Single use of message ids is not needed here: every check is against the current pin (the
    // old kid must be the pinned one), so a replayed announcement is a duplicate or refused.
    this.opener =
        new EnvelopeOpener(
            clock, (connection, id, until) -> true, EnvelopePolicy.defaults(), agreements);
  }

  /** What became of an encrypted message from a holder. */
  public sealed interface Outcome {
    /** The new key is pinned. */
    record Repinned(String oldKeyId, String newKeyId) implements Outcome {}

    /** The announcement named the key pinned already. */
    record Duplicate(String keyId) implements Outcome {}

    /** Refused; the pin is kept. */
    record Refused(HolderKeyRotationRefusal reason, String detail) implements Outcome {}

    /** Not for this gateway to act on (unknown connection). */
    record Ignored(String why) implements Outcome {}

    /**
     * Not an announcement, but opened with the pinned holder key for this connection: {@code
     * content} is authentic from the holder of {@code connection}.
     */
    record OtherContent(Connection connection, AtalaMessage content) implements Outcome {}
  }

  /**
   * Handles one {@code EncryptedMessage} a holder sent on {@code connectorConnectionId}.
   *
   * @throws io.grpc.StatusRuntimeException if the key registry could not be asked (retry later)
   */
  public Outcome onEncryptedMessage(
      UUID tenantId, String connectorConnectionId, EncryptedMessage encrypted) {
    Optional<Connection> found = connections.findByConnectorId(tenantId, connectorConnectionId);
    if (found.isEmpty()) {
      return new Outcome.Ignored("no connection " + connectorConnectionId);
    }
    Connection connection = found.get();
    Outcome outcome = check(tenantId, connection, encrypted);
    if (outcome instanceof Outcome.Refused refused) {
      log.warn(
          "holder key rotation announcement on connection {} refused: {}: {}",
          connection.id(),
          refused.reason(),
          refused.detail());
      if (!connection.state().closed()) {
        connections.recordHolderKeyRotationRefusal(
            connection.id(), refused.reason() + ": " + refused.detail(), clock.instant());
      }
    }
    return outcome;
  }

  private Outcome check(UUID tenantId, Connection connection, EncryptedMessage encrypted) {
    if (connection.state() != ConnectionState.VERIFIED) {
      return refused(
          HolderKeyRotationRefusal.CONNECTION_NOT_VERIFIED,
          "connection state is " + connection.state());
    }
    IssuerIdentity issuer = identities.identity(tenantId);
    List<KeyPairJwk> ring =
        issuer.communicationKeys().stream()
            .filter(key -> key.kid().equals(encrypted.getKeyId()))
            .toList();
    if (ring.isEmpty()) {
      return refused(
          HolderKeyRotationRefusal.WRONG_RECIPIENT,
          "key_id is not an ACTIVE communication key of the issuer");
    }
    PublicKeyJwk pinned = PinnedKeyVerifier.pinnedCommunicationKey(connection);
    OpenedEnvelope opened;
    try {
      opened =
          opener.open(
              encrypted.getEncryptedContent().toByteArray(),
              connection.connectorConnectionId(),
              KeyRing.of(ring),
              List.of(pinned));
    } catch (EnvelopeException e) {
      return refused(
          e.reason() == EnvelopeException.Reason.UNEXPECTED_SENDER
              ? HolderKeyRotationRefusal.UNEXPECTED_SENDER
              : HolderKeyRotationRefusal.ENVELOPE_REFUSED,
          e.reason() + ": " + e.getMessage());
    }
    AtalaMessage inner;
    try {
      inner = AtalaMessage.parseFrom(opened.plaintext());
    } catch (InvalidProtocolBufferException e) {
      return refused(
          HolderKeyRotationRefusal.ENVELOPE_REFUSED, "envelope content is not an AtalaMessage");
    }
    if (!inner.hasKeyRotation()) {
      return new Outcome.OtherContent(connection, inner);
    }
    return announcement(connection, pinned, opened, inner.getKeyRotation());
  }

  /** Checks 4-9 of §7.8 on an announcement that opened with the pinned key. */
  private Outcome announcement(
      Connection connection,
      PublicKeyJwk pinned,
      OpenedEnvelope opened,
      KeyRotationMessage rotation) {
    if (rotation.getUsage() != KeyUsage.KEY_USAGE_COMMUNICATION) {
      return refused(
          HolderKeyRotationRefusal.KEY_ROTATION_REFUSED,
          "usage " + rotation.getUsage() + " is not KEY_USAGE_COMMUNICATION");
    }
    PublicKeyJwk announced;
    try {
      announced = Keys.parsePublic(rotation.getNewKey().getJwk(), KeyUse.COMMUNICATION);
    } catch (KeyRejectedException e) {
      return refused(HolderKeyRotationRefusal.KEY_ROTATION_REFUSED, "new_key: " + e.getMessage());
    }
    if (announced.curve() != pinned.curve()) {
      return refused(
          HolderKeyRotationRefusal.KEY_ROTATION_REFUSED,
          "the new key is on "
              + announced.curve().crv()
              + ", the pinned one on "
              + pinned.curve().crv()
              + " (a change of curve needs a new invitation)");
    }
    if (announced.kid().equals(pinned.kid())) {
      return new Outcome.Duplicate(pinned.kid());
    }
    if (!rotation.getOldKeyId().equals(pinned.kid()) || !pinned.kid().equals(opened.senderKid())) {
      return refused(
          HolderKeyRotationRefusal.UNEXPECTED_SENDER,
          "old_key_id " + rotation.getOldKeyId() + " is not the pinned key " + pinned.kid());
    }
    HolderKeyHistoryCheck.Result checked = histories.verify(connection);
    if (checked instanceof HolderKeyHistoryCheck.Result.Rejected rejected) {
      return refused(HolderKeyRotationRefusal.KEY_HISTORY_REJECTED, rejected.detail());
    }
    HolderKeyHistoryCheck.Result.Verified verified =
        (HolderKeyHistoryCheck.Result.Verified) checked;
    String unconfirmed = unconfirmed(verified, pinned.kid(), announced);
    if (unconfirmed != null) {
      return refused(HolderKeyRotationRefusal.KEY_ROTATION_REFUSED, unconfirmed);
    }
    connections.markHolderKeyRotated(
        connection.id(), announced.toJson(), announced.kid(), clock.instant());
    // The old key seals and opens nothing more on this connection.
    agreements.forgetPeerKey(pinned.thumbprint());
    log.info(
        "holder of connection {} rotated its communication key {} -> {}",
        connection.id(),
        pinned.kid(),
        announced.kid());
    return new Outcome.Repinned(pinned.kid(), announced.kid());
  }

  /** Why the verified history does not confirm the rotation, or null if it does. */
  private String unconfirmed(
      HolderKeyHistoryCheck.Result.Verified verified, String oldKid, PublicKeyJwk announced) {
    VerifiedKeyHistory.KeyState key = verified.history().key(announced.kid()).orElse(null);
    if (key == null || key.statusAt(clock.instant()) != KeyStatus.ACTIVE) {
      return "the announced key "
          + announced.kid()
          + " is not ACTIVE in the connection's verified key history";
    }
    if (!key.publicKey().sameKeyAs(announced)) {
      return "the key history holds other key material under " + announced.kid();
    }
    boolean linked =
        verified.events().stream()
            .anyMatch(
                event ->
                    event.getType() == KeyEventType.KEY_EVENT_TYPE_ROTATED
                        && event.getKeyId().equals(announced.kid())
                        && event.getReplacedKeyId().equals(oldKid));
    return linked
        ? null
        : "the key history has no rotation from " + oldKid + " to " + announced.kid();
  }

  private static Outcome.Refused refused(HolderKeyRotationRefusal reason, String detail) {
    return new Outcome.Refused(reason, detail);
  }
}
