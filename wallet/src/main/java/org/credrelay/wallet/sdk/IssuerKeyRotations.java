package org.credrelay.wallet.sdk;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.e2ecrypto.envelope.OpenedEnvelope;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.messages.v1.KeyRotationMessage;
import org.credrelay.wallet.store.ConnectionRecord;
import org.credrelay.wallet.store.WalletState;

/**
 * The issuer side of key continuity in the wallet (PROTOCOL.md section 7): re-pins the issuer's
 * communication or authentication key after a rotation announcement the registry confirms, and
 * decides whether a message from the rotated-out key is still acceptable (sealed before the
 * rotation, inside the grace period, and the key not revoked at the registry since).
 */
final class IssuerKeyRotations {

  private final WalletState state;
  private final RotationCheck registry;
  private final Clock clock;

  IssuerKeyRotations(WalletState state, RotationCheck registry, Clock clock) {
    this.state = state;
    this.registry = registry;
    this.clock = clock;
  }

  /** The issuer keys an envelope on {@code connection} may come from: pinned, then retired. */
  List<PublicKeyJwk> allowedSenders(ConnectionRecord connection) {
    List<PublicKeyJwk> senders = new ArrayList<>();
    senders.add(parse(connection.issuerCommunicationKey(), connection));
    ConnectionRecord.RetiredKey retired = connection.retiredIssuerKey();
    if (retired != null && clock.instant().isBefore(retired.acceptedUntil())) {
      senders.add(parse(retired.jwk(), connection));
    }
    return senders;
  }

  /**
   * Null if {@code opened} may be accepted; else why not. A message from the pinned key always may;
   * one from the retired key only if it was sealed no later than the rotation (its {@code cr_iat},
   * whole seconds) and the registry's verified history still has the key ACTIVE.
   */
  WalletEvent.Refused refuseRetiredSender(
      ReceivedMessage received, ConnectionRecord connection, OpenedEnvelope opened) {
    ConnectionRecord.RetiredKey retired = connection.retiredIssuerKey();
    if (retired == null || !opened.senderKid().equals(parse(retired.jwk(), connection).kid())) {
      return null;
    }
    Instant sealedAt = opened.createdAt();
    if (sealedAt.isAfter(retired.rotatedAt())) {
      return MessageProcessor.refused(
          received,
          connection,
          RefusalReason.KEY_REVOKED,
          "sealed with the issuer's rotated-out key after the rotation");
    }
    if (!registry.activeNow(connection.issuerDid(), opened.senderKid())) {
      return MessageProcessor.refused(
          received,
          connection,
          RefusalReason.KEY_REVOKED,
          "the issuer's rotated-out key is not ACTIVE in its verified key history");
    }
    return null;
  }

  /** Handles an issuer's key rotation announcement that arrived in {@code opened}. */
  WalletEvent announced(
      ReceivedMessage received,
      ConnectionRecord connection,
      OpenedEnvelope opened,
      KeyRotationMessage announcement) {
    PublicKeyJwk pinned = parse(connection.issuerCommunicationKey(), connection);
    if (announcement.getUsage() == KeyUsage.KEY_USAGE_AUTHENTICATION) {
      return authenticationKeyAnnounced(received, connection, opened, pinned, announcement);
    }
    if (announcement.getUsage() != KeyUsage.KEY_USAGE_COMMUNICATION) {
      return refused(
          received,
          connection,
          "the announcement names neither a communication nor an " + "authentication key");
    }
    PublicKeyJwk announced;
    try {
      announced = PublicKeyJwk.parse(announcement.getNewKey().getJwk(), KeyUse.COMMUNICATION);
    } catch (KeyRejectedException e) {
      return refused(received, connection, "the announced key is invalid: " + e.getMessage());
    }
    if (announced.curve() != pinned.curve()) {
      // Nothing could be sealed between keys on two curves (PROTOCOL.md 4.6, 7.6).
      return refused(
          received,
          connection,
          "the announced key is on "
              + announced.curve().crv()
              + ", the pinned one on "
              + pinned.curve().crv());
    }
    if (announced.kid().equals(pinned.kid())) {
      return new WalletEvent.DuplicateIgnored(
          received.getId(), connection.connectionId(), "key rotation to " + announced.kid());
    }
    if (!announcement.getOldKeyId().equals(pinned.kid())
        || !opened.senderKid().equals(pinned.kid())) {
      return MessageProcessor.refused(
          received,
          connection,
          RefusalReason.UNEXPECTED_SENDER,
          "a key rotation announcement must come from, and replace, the pinned issuer key");
    }
    RotationCheck.Confirmed confirmed;
    try {
      confirmed = registry.confirm(connection.issuerDid(), pinned.kid(), announced);
    } catch (RotationCheck.Refused e) {
      return refused(received, connection, e.getMessage());
    }
    Instant until = confirmed.oldKeyRevokedAt();
    boolean graceLeft = until != null && clock.instant().isBefore(until);
    ConnectionRecord.RetiredKey retired =
        graceLeft
            ? new ConnectionRecord.RetiredKey(pinned.toJson(), confirmed.rotatedAt(), until)
            : null;
    state.putConnection(connection.issuerKeyRotated(announced.toJson(), retired));
    return new WalletEvent.KeyRotated(
        received.getId(),
        connection.connectionId(),
        "COMMUNICATION",
        pinned.kid(),
        announced.kid(),
        graceLeft ? until : null);
  }

  /**
   * An announcement of the issuer's authentication key (PROTOCOL.md section 7.7): the wallet signs
   * nothing with it and receives nothing signed by it after the handshake, but checks the pinned
   * one in the issuer's key history before every message, so it re-pins the successor once the
   * registry confirms it. Authenticated by the envelope from the pinned communication key (never a
   * retired one); no grace period is kept, since nothing the old key signed is accepted later.
   */
  private WalletEvent authenticationKeyAnnounced(
      ReceivedMessage received,
      ConnectionRecord connection,
      OpenedEnvelope opened,
      PublicKeyJwk pinnedCommunication,
      KeyRotationMessage announcement) {
    PublicKeyJwk pinned;
    PublicKeyJwk announced;
    try {
      pinned = PublicKeyJwk.parse(connection.issuerAuthenticationKey(), KeyUse.AUTHENTICATION);
      announced =
          PublicKeyJwk.parse(
              announcement.getNewKey().getJwk(), KeyUse.AUTHENTICATION, KidPolicy.ANY_WELL_FORMED);
    } catch (KeyRejectedException e) {
      return refused(received, connection, "the announced key is invalid: " + e.getMessage());
    }
    if (announced.kid().equals(pinned.kid())) {
      return new WalletEvent.DuplicateIgnored(
          received.getId(), connection.connectionId(), "key rotation to " + announced.kid());
    }
    if (!announcement.getOldKeyId().equals(pinned.kid())
        || !opened.senderKid().equals(pinnedCommunication.kid())) {
      return MessageProcessor.refused(
          received,
          connection,
          RefusalReason.UNEXPECTED_SENDER,
          "an authentication key announcement must replace the pinned authentication key and "
              + "come from the pinned communication key");
    }
    try {
      registry.confirm(connection.issuerDid(), pinned.kid(), announced);
    } catch (RotationCheck.Refused e) {
      return refused(received, connection, e.getMessage());
    }
    state.putConnection(connection.issuerAuthenticationKeyRotated(announced.toJson()));
    return new WalletEvent.KeyRotated(
        received.getId(),
        connection.connectionId(),
        "AUTHENTICATION",
        pinned.kid(),
        announced.kid(),
        null);
  }

  private static WalletEvent.Refused refused(
      ReceivedMessage received, ConnectionRecord connection, String detail) {
    return MessageProcessor.refused(
        received, connection, RefusalReason.KEY_ROTATION_REFUSED, detail);
  }

  private static PublicKeyJwk parse(String jwk, ConnectionRecord connection) {
    try {
      return PublicKeyJwk.parse(jwk, KeyUse.COMMUNICATION);
    } catch (KeyRejectedException e) {
      throw new IllegalStateException(
          "pinned key of " + connection.connectionId() + " is invalid", e);
    }
  }
}
