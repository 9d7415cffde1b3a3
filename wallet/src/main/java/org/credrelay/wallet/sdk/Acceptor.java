package org.credrelay.wallet.sdk;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.e2ecrypto.handshake.HandshakeException;
import org.credrelay.e2ecrypto.handshake.HolderHandshake;
import org.credrelay.e2ecrypto.handshake.HolderHello;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.e2ecrypto.handshake.InvitationException;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoResponse;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.HandshakeMessage;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.credrelay.wallet.connector.ConnectorClient;
import org.credrelay.wallet.store.ConnectionRecord;
import org.credrelay.wallet.store.PendingHandshake;

/**
 * The holder's first steps on an invitation: validate it, check at the connector that the token
 * belongs to the invitation's issuer, accept the token with a fresh communication key, and send the
 * MACed hello. Waiting for the issuer's reply is the wallet's ordinary message processing.
 */
final class Acceptor {

  /**
   * Saves a new connection record (and the state around it) durably, or throws if the wallet
   * already holds a connection with its connector id (then nothing is saved).
   */
  interface Persistence {
    void saveNew(ConnectionRecord connection);
  }

  private final ConnectorClient connector;
  private final HolderHandshake handshake;
  private final KeyPairJwk authenticationKey;
  private final KeyCurve communicationCurve;
  private final Clock clock;

  Acceptor(
      ConnectorClient connector,
      HolderHandshake handshake,
      KeyPairJwk authenticationKey,
      KeyCurve communicationCurve,
      Clock clock) {
    this.connector = connector;
    this.handshake = handshake;
    this.authenticationKey = authenticationKey;
    this.communicationCurve = communicationCurve;
    this.clock = clock;
  }

  /** Parses the invitation: malformed, expired or short-secret invitations are refused here. */
  Invitation parse(String invitationUri) {
    try {
      return Invitation.parse(invitationUri, clock);
    } catch (InvitationException e) {
      throw new WalletException(
          WalletException.Reason.INVALID_INVITATION, "invalid invitation: " + describe(e), e);
    }
  }

  /** Asks the connector who created the token; refuses if it is not the invitation's issuer. */
  InvitationPreview preview(Invitation invitation) {
    GetConnectionTokenInfoResponse info;
    try {
      info = connector.tokenInfo(invitation.token());
    } catch (StatusRuntimeException e) {
      throw tokenRefused(e, "looking up the invitation");
    }
    if (!info.getParticipantDid().equals(invitation.issuerDid())) {
      throw new WalletException(
          WalletException.Reason.ISSUER_MISMATCH,
          "refusing the invitation: "
              + "it names issuer "
              + invitation.issuerDid()
              + " but the connector says the token belongs"
              + " to "
              + info.getParticipantDid()
              + " (possible substitution)");
    }
    return new InvitationPreview(
        invitation.issuerDid(),
        invitation.issuerName().orElse(null),
        info.getParticipantName().isEmpty() ? null : info.getParticipantName(),
        invitation.expiresAt());
  }

  /**
   * Accepts the token at the connector and sends the hello. The record is saved before the hello
   * goes out, so that a reply can be verified even if the wallet stops right after.
   */
  ConnectionRecord accept(
      String invitationUri,
      Invitation invitation,
      InvitationPreview preview,
      Persistence persistence) {
    KeyPairJwk communicationKey = Keys.generate(communicationCurve);
    ConnectionInfo info;
    try {
      info =
          connector.addConnection(
              invitation.token(),
              authenticationKey.publicKey(),
              communicationKey.publicKey(),
              KeyBinding.sign(authenticationKey, invitation.token(), communicationKey.publicKey()));
    } catch (StatusRuntimeException e) {
      throw tokenRefused(e, "accepting the invitation");
    }
    checkReply(info, invitation);
    HolderHello hello;
    try {
      hello =
          handshake.hello(invitation, communicationKey.publicKey(), authenticationKey.publicKey());
    } catch (HandshakeException e) {
      throw new WalletException(
          WalletException.Reason.INVALID_INVITATION, "invalid invitation: " + e.getMessage(), e);
    }
    Instant now = clock.instant();
    // The wallet's own id: whatever the connector answers, it cannot make two connections one.
    ConnectionRecord record =
        ConnectionRecord.awaitingHandshake(
            UUID.randomUUID().toString(),
            info.getConnectionId(),
            invitation.token(),
            invitation.issuerDid(),
            preview.issuerName(),
            preview.connectorIssuerName(),
            communicationKey.toPrivateJson(),
            new PendingHandshake(invitationUri.strip(), hello.jwt(), hello.nonce()),
            now);
    persistence.saveNew(record);
    sendHello(record.connectorConnectionId(), hello.jwt());
    return record;
  }

  /**
   * The connector's answer must describe the connection that was asked for: this token, this
   * issuer, this holder key, CONNECTED. Anything else is refused before anything is stored.
   */
  private void checkReply(ConnectionInfo info, Invitation invitation) {
    if (!info.getParticipantDid().equals(invitation.issuerDid())) {
      throw new WalletException(
          WalletException.Reason.ISSUER_MISMATCH,
          "the connector connected "
              + "the invitation to "
              + info.getParticipantDid()
              + ", not to "
              + invitation.issuerDid());
    }
    String problem = null;
    if (info.getConnectionId().isEmpty()) {
      problem = "it names no connection";
    } else if (!info.getToken().equals(invitation.token())) {
      problem = "it describes the connection of another token";
    } else if (!info.getHolderKeyId().equals(authenticationKey.kid())) {
      problem = "it names another holder key (" + info.getHolderKeyId() + ")";
    } else if (info.getState() != ConnectionState.CONNECTION_STATE_CONNECTED) {
      problem = "the connection is " + info.getState() + ", not CONNECTED";
    }
    if (problem != null) {
      throw new WalletException(
          WalletException.Reason.CONNECTOR_MISBEHAVED,
          "refusing the "
              + "connector's answer to the acceptance: "
              + problem
              + "; nothing was stored");
    }
  }

  private void sendHello(String connectionId, String jwt) {
    AtalaMessage message =
        AtalaMessage.newBuilder()
            .setHandshakeMessage(
                HandshakeMessage.newBuilder()
                    .setJwt(jwt)
                    .setStep(HandshakeStep.HANDSHAKE_STEP_HOLDER_HELLO))
            .build();
    try {
      // A fixed client id makes a retry idempotent at the connector.
      connector.send(connectionId, message, "holder-hello-" + connectionId);
    } catch (StatusRuntimeException e) {
      throw Errors.connector(e, "sending the handshake to the issuer", connector.target());
    }
  }

  private WalletException tokenRefused(StatusRuntimeException e, String action) {
    Status status = e.getStatus();
    String description = status.getDescription() == null ? "" : ": " + status.getDescription();
    return switch (status.getCode()) {
      case NOT_FOUND ->
          new WalletException(
              WalletException.Reason.INVALID_INVITATION,
              "invalid invitation: the connector at "
                  + connector.target()
                  + " does not know its token",
              e);
      case INVALID_ARGUMENT ->
          new WalletException(
              WalletException.Reason.INVALID_INVITATION,
              "invalid invitation: the connector refused its token" + description,
              e);
      case FAILED_PRECONDITION ->
          new WalletException(
              WalletException.Reason.INVITATION_REFUSED,
              "the connector refused the invitation" + description,
              e);
      default -> Errors.connector(e, action, connector.target());
    };
  }

  private static String describe(InvitationException e) {
    return switch (e.reason()) {
      case EXPIRED -> "it has expired (" + e.getMessage() + ")";
      case SHORT_SECRET -> "its secret is too short to be safe (" + e.getMessage() + ")";
      default -> e.getMessage();
    };
  }
}
