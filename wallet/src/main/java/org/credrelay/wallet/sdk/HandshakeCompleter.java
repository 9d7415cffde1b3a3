package org.credrelay.wallet.sdk;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.credrelay.e2ecrypto.handshake.HandshakeException;
import org.credrelay.e2ecrypto.handshake.HolderHandshake;
import org.credrelay.e2ecrypto.handshake.HolderHello;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.e2ecrypto.handshake.InvitationException;
import org.credrelay.e2ecrypto.handshake.PinnedKeys;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.ErrorMessage;
import org.credrelay.rpcsigning.RetryClassification;
import org.credrelay.wallet.connector.ConnectorClient;
import org.credrelay.wallet.store.ConnectionRecord;
import org.credrelay.wallet.store.PendingHandshake;
import org.credrelay.wallet.store.WalletState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the issuer's ISSUER_CONFIRM for a pending connection and pins the issuer's keys (S3).
 *
 * <p>The keys the connector reports ({@code GetConnectionCommunicationKeys}) must be exactly the
 * communication key the MACed JWT carries; the authentication key is taken from the JWT, which the
 * invitation secret authenticates. Any failed check ends the handshake for good (HANDSHAKE_FAILED,
 * or KEY_MISMATCH when the connector's keys disagree) and the invitation secret is erased either
 * way.
 *
 * <p>Its two connector calls (the key lookup and the best-effort failure report) are separate from
 * the state change, so that the wallet can make them without holding its state lock: a caller of
 * {@code credentials()} on another thread never waits for an RPC (issue 15 item 9).
 */
final class HandshakeCompleter {

  private static final Logger log = LoggerFactory.getLogger(HandshakeCompleter.class);

  private final ConnectorClient connector;
  private final HolderHandshake handshake;
  private final KeyPairJwk authenticationKey;
  private final WalletState state;
  private final Clock clock;
  private final Queue<Runnable> reports = new ConcurrentLinkedQueue<>();

  HandshakeCompleter(
      ConnectorClient connector,
      HolderHandshake handshake,
      KeyPairJwk authenticationKey,
      WalletState state,
      Clock clock) {
    this.connector = connector;
    this.handshake = handshake;
    this.authenticationKey = authenticationKey;
    this.state = state;
    this.clock = clock;
  }

  /**
   * The issuer's keys as the connector reported them for one state of a pending connection, or the
   * refusal that ends its handshake.
   *
   * @param connection the connection record the keys were looked up for
   */
  record ReportedKeys(
      ConnectionRecord connection, List<PublicKeyJwk> keys, HandshakeException refusal) {}

  /**
   * Asks the connector for the issuer's keys of a pending connection
   * (GetConnectionCommunicationKeys). A network call: the caller must not hold the wallet's state
   * lock.
   *
   * @throws WalletException if the connector cannot be asked for the issuer's keys right now; the
   *     message is then left unprocessed, to be tried again
   */
  ReportedKeys lookUp(ConnectionRecord connection) {
    try {
      return new ReportedKeys(connection, deliveredKeys(connection.connectorConnectionId()), null);
    } catch (HandshakeException e) {
      return new ReportedKeys(connection, List.of(), e);
    }
  }

  /**
   * Verifies the issuer's reply against keys looked up for exactly this connection record and
   * records the outcome. No network call: a failure report to the issuer is queued for {@link
   * #sendReports()}.
   */
  WalletEvent complete(
      String messageId,
      ConnectionRecord connection,
      String issuerJwt,
      KeyPairJwk communicationKey,
      ReportedKeys reported) {
    if (!reported.connection().equals(connection)) {
      throw new IllegalStateException(
          "the issuer's keys were looked up for another state of " + connection.connectionId());
    }
    if (reported.refusal() != null) {
      return fail(messageId, connection, reported.refusal());
    }
    try {
      HolderHello hello = rebuildHello(connection, communicationKey);
      PinnedKeys pinned = handshake.verifyReply(hello, issuerJwt, reported.keys());
      ConnectionRecord verified =
          connection.verified(
              pinned.communicationKey().toJson(),
              pinned.authenticationKey().toJson(),
              pinned.safetyNumber().digits(),
              clock.instant());
      state.putConnection(verified);
      return new WalletEvent.ConnectionVerified(
          messageId, connection.connectionId(), Views.connection(verified));
    } catch (HandshakeException e) {
      return fail(messageId, connection, e);
    }
  }

  /**
   * Sends the failure reports {@link #complete} queued; a network call, made without the state
   * lock.
   */
  void sendReports() {
    for (Runnable report = reports.poll(); report != null; report = reports.poll()) {
      report.run();
    }
  }

  private WalletEvent fail(String messageId, ConnectionRecord connection, HandshakeException e) {
    ConnectionRecord.Status status =
        e.reason() == HandshakeException.Reason.KEY_MISMATCH
            ? ConnectionRecord.Status.KEY_MISMATCH
            : ConnectionRecord.Status.HANDSHAKE_FAILED;
    state.putConnection(connection.failed(status, e.getMessage()));
    String connectorConnectionId = connection.connectorConnectionId();
    reports.add(() -> tellIssuer(connectorConnectionId, messageId, status, e.reason()));
    return new WalletEvent.ConnectionFailed(
        messageId, connection.connectionId(), Views.status(status), e.reason(), e.getMessage());
  }

  /** The issuer's communication keys as the connector reports them, parsed strictly. */
  private List<PublicKeyJwk> deliveredKeys(String connectionId) throws HandshakeException {
    List<ConnectionKey> keys;
    try {
      keys = connector.communicationKeys(connectionId);
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      // Not an answer about the issuer's keys: the connector was unreachable or busy
      // (RetryClassification), or it refused the wallet's own signature (clock, key), which the
      // user can fix. Either way the handshake stays pending instead of failing as a key mismatch.
      if (RetryClassification.isTransient(code) || code == Status.Code.UNAUTHENTICATED) {
        throw Errors.connector(e, "looking up the issuer's keys", connector.target());
      }
      throw new HandshakeException(
          HandshakeException.Reason.KEY_MISMATCH,
          "the connector refused to report the issuer's keys: " + e.getStatus().getCode());
    }
    List<PublicKeyJwk> parsed = new ArrayList<>();
    for (ConnectionKey key : keys) {
      try {
        PublicKeyJwk jwk = PublicKeyJwk.parse(key.getPublicKey().getJwk(), KeyUse.COMMUNICATION);
        boolean usageOk =
            key.getUsage() == KeyUsage.KEY_USAGE_COMMUNICATION
                || key.getUsage() == KeyUsage.KEY_USAGE_UNSPECIFIED;
        if (!usageOk || (!key.getKeyId().isEmpty() && !key.getKeyId().equals(jwk.kid()))) {
          throw new HandshakeException(
              HandshakeException.Reason.KEY_MISMATCH,
              "the connector reported key " + key.getKeyId() + " inconsistently");
        }
        parsed.add(jwk);
      } catch (KeyRejectedException e) {
        throw new HandshakeException(
            HandshakeException.Reason.KEY_MISMATCH,
            "the connector reported an invalid issuer key: " + e.getMessage());
      }
    }
    if (parsed.isEmpty()) {
      log.warn(
          "Connector reported no communication key for connection {}; pinning the key the "
              + "handshake proves",
          connectionId);
    }
    return parsed;
  }

  /** The hello as sent; the invitation is re-read as of acceptance, when it had not expired. */
  private HolderHello rebuildHello(ConnectionRecord connection, KeyPairJwk communicationKey)
      throws HandshakeException {
    PendingHandshake pending = connection.pending();
    try {
      Invitation invitation =
          Invitation.parse(
              pending.invitationUri(), Clock.fixed(connection.acceptedAt(), ZoneOffset.UTC));
      return new HolderHello(
          pending.helloJwt(),
          pending.helloNonce(),
          invitation,
          communicationKey.publicKey(),
          authenticationKey.publicKey());
    } catch (InvitationException e) {
      throw new HandshakeException(
          HandshakeException.Reason.MALFORMED, "stored invitation unreadable: " + e.reason());
    }
  }

  /** Best effort, in plaintext (no secrets): lets the issuer show why the holder gave up. */
  private void tellIssuer(
      String connectionId,
      String messageId,
      ConnectionRecord.Status status,
      HandshakeException.Reason reason) {
    try {
      connector.send(
          connectionId,
          AtalaMessage.newBuilder()
              .setError(
                  ErrorMessage.newBuilder()
                      .setCode(
                          status == ConnectionRecord.Status.KEY_MISMATCH
                              ? "KEY_MISMATCH"
                              : "HANDSHAKE_FAILED")
                      .setMessage("holder refused the issuer handshake: " + reason)
                      .setInReplyTo(messageId))
              .build(),
          "handshake-error-" + connectionId);
    } catch (RuntimeException e) {
      log.debug("Could not report the failed handshake on {}: {}", connectionId, e.toString());
    }
  }
}
