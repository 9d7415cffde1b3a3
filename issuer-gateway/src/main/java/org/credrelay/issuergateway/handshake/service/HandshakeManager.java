package org.credrelay.issuergateway.handshake.service;

import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.e2ecrypto.handshake.HandshakeException;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.e2ecrypto.handshake.InvitationException;
import org.credrelay.e2ecrypto.handshake.IssuerHandshake;
import org.credrelay.e2ecrypto.handshake.IssuerReply;
import org.credrelay.e2ecrypto.handshake.PinnedKeys;
import org.credrelay.e2ecrypto.handshake.VerifiedHolder;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.PinnedHolderKeys;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.connection.service.ConnectionStateChangedEvent;
import org.credrelay.issuergateway.connection.service.KeyMismatchRecorder;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.connectorclient.GrpcFailures;
import org.credrelay.issuergateway.delivery.service.DeliveryManager;
import org.credrelay.issuergateway.invitation.IssuedInvitation;
import org.credrelay.issuergateway.invitation.service.InvitationManager;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.service.CommunicationKeyCurves;
import org.credrelay.issuergateway.tenant.service.IssuerKeyring;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.HandshakeMessage;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.credrelay.rpcsigning.RetryClassification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles a holder's handshake message (PROTOCOL.md section 4.3). The holder keys the connector
 * delivers ({@code GetConnectionCommunicationKeys}, the holder key id of {@code ConnectionInfo})
 * must be the keys the holder's JWT proves with the invitation secret. Outcomes:
 *
 * <ul>
 *   <li>verified: keys pinned, connection VERIFIED, invitation secret erased, the issuer's JWT
 *       queued for delivery (sent and retried by the delivery pipeline);
 *   <li>a delivered key differs from the proven one: KEY_MISMATCH (security event, metric);
 *   <li>the holder's communication key is on a curve the gateway does not serve (gateway.keys):
 *       refused as UNSUPPORTED_CURVE, so nothing is ever sealed to a key the tenant cannot reach;
 *   <li>anything else (wrong secret, reflected or replayed JWT, wrong token, expired): the
 *       connection stays unverified and the reason is recorded.
 * </ul>
 *
 * Every refusal, KEY_MISMATCH included, is answered on the connection with a HandshakeRefused
 * message carrying the reason code only (PROTOCOL.md section 4.5), so the holder does not wait in
 * vain. The issuer's reply carries the tenant's communication key on the curve of the holder's key;
 * a tenant without one on a served curve gets it registered first ({@link CommunicationKeyCurves}).
 *
 * <p>Verification, pinning, the jti and the queued reply commit in one transaction.
 */
@Service
public class HandshakeManager {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeManager.class);

  private final ConnectionManager connections;
  private final InvitationManager invitations;
  private final DeliveryManager deliveries;
  private final ConnectorClient connector;
  private final IssuerKeyring keyring;
  private final CommunicationKeyCurves curveKeys;
  private final IssuerHandshake handshake;
  private final KeyMismatchRecorder mismatches;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final MeterRegistry meters;
  private final Clock clock;

  public HandshakeManager(
      ConnectionManager connections,
      InvitationManager invitations,
      DeliveryManager deliveries,
      ConnectorClient connector,
      IssuerKeyring keyring,
      CommunicationKeyCurves curveKeys,
      IssuerHandshake handshake,
      KeyMismatchRecorder mismatches,
      TransactionTemplate transactions,
      ApplicationEventPublisher events,
      MeterRegistry meters,
      Clock clock) {
    this.connections = connections;
    this.invitations = invitations;
    this.deliveries = deliveries;
    this.connector = connector;
    this.keyring = keyring;
    this.curveKeys = curveKeys;
    this.handshake = handshake;
    this.mismatches = mismatches;
    this.transactions = transactions;
    this.events = events;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * @throws StatusRuntimeException only for transient connector failures: the caller retries the
   *     message later (nothing was recorded)
   */
  public void onHandshakeMessage(
      UUID tenantId, String connectorConnectionId, HandshakeMessage message) {
    Optional<Connection> found = connections.findByConnectorId(tenantId, connectorConnectionId);
    if (found.isEmpty()) {
      LOG.warn(
          "handshake message for unknown connection {} of tenant {} ignored",
          connectorConnectionId,
          tenantId);
      return;
    }
    Connection connection = found.get();
    if (!connection.state().open()) {
      LOG.info(
          "handshake message on {} connection {} ignored", connection.state(), connection.id());
      return;
    }
    if (message.getStep() != HandshakeStep.HANDSHAKE_STEP_HOLDER_HELLO) {
      fail(
          connection,
          HandshakeException.Reason.REFLECTED.name(),
          "an issuer-side handshake step (" + message.getStep() + ") arrived from the holder side");
      return;
    }
    Optional<String> uri = invitations.storedUri(tenantId, connection.id());
    if (uri.isEmpty()) {
      fail(connection, "INVITATION_UNAVAILABLE", "the invitation was cancelled or has expired");
      return;
    }
    IssuedInvitation issued = invitations.issued(connection.id()).orElseThrow();
    IssuerIdentity issuer = keyring.identity(tenantId);
    ConnectionInfo info;
    List<PublicKeyJwk> delivered;
    try {
      info = connector.connectionByToken(issuer, issued.token());
      delivered = deliveredKeys(connector.communicationKeys(issuer, connectorConnectionId));
    } catch (StatusRuntimeException e) {
      if (RetryClassification.isTransient(e)) {
        throw e;
      }
      fail(
          connection,
          "KEY_LOOKUP_REFUSED",
          "the connector refused the holder key lookup: " + GrpcFailures.describe(e));
      return;
    } catch (KeyRejectedException e) {
      mismatches.record(connection, "handshake", "the connector delivered an invalid holder key");
      refuse(connection, HandshakeException.Reason.KEY_MISMATCH.name());
      return;
    }
    Invitation invitation = asCreated(uri.get(), issued.createdAt());
    transactions.executeWithoutResult(
        status ->
            verifyAndPin(connection.id(), invitation, message.getJwt(), delivered, info, issuer));
  }

  private void verifyAndPin(
      UUID connectionId,
      Invitation invitation,
      String jwt,
      List<PublicKeyJwk> delivered,
      ConnectionInfo info,
      IssuerIdentity issuer) {
    Connection connection = connections.lock(connectionId);
    if (!connection.state().open()) {
      return;
    }
    Instant now = clock.instant();
    connections.markAccepted(connectionId, info.getHolderKeyId(), now);
    VerifiedHolder holder;
    try {
      holder = handshake.verifyHello(invitation, jwt, delivered);
    } catch (HandshakeException e) {
      if (e.reason() == HandshakeException.Reason.KEY_MISMATCH) {
        keyMismatch(
            connection,
            "a holder key delivered by the connector is not the key the handshake proves");
      } else {
        fail(connection, e.reason().name(), "the holder's handshake JWT was refused");
      }
      return;
    }
    String connectorHolderKeyId = info.getHolderKeyId();
    if (!connectorHolderKeyId.isEmpty()
        && !connectorHolderKeyId.equals(holder.authenticationKey().thumbprint())) {
      keyMismatch(
          connection,
          "the connector's holder key id "
              + connectorHolderKeyId
              + " is not the proven authentication key "
              + holder.authenticationKey().thumbprint());
      return;
    }
    // Keys on other curves are not compared by verifyHello; the holder registered exactly one
    // communication key for the connection, so it must be the proven one.
    if (!delivered.isEmpty()
        && delivered.stream().noneMatch(key -> key.sameKeyAs(holder.communicationKey()))) {
      keyMismatch(
          connection, "the connector delivered no holder communication key the handshake proves");
      return;
    }
    KeyCurve curve = holder.communicationKey().curve();
    Optional<KeyPairJwk> sealingKey;
    try {
      sealingKey = curveKeys.forCurve(issuer, curve);
    } catch (StatusRuntimeException e) {
      if (RetryClassification.isTransient(e)) {
        throw e;
      }
      LOG.warn("adding a {} key for tenant {} failed", curve.crv(), connection.tenantId(), e);
      sealingKey = Optional.empty();
    }
    if (sealingKey.isEmpty()) {
      fail(
          connection,
          "UNSUPPORTED_CURVE",
          "the gateway serves no issuer communication key on " + curve.crv());
      return;
    }
    IssuerReply reply =
        handshake.reply(
            invitation,
            holder,
            sealingKey.get().publicKey(),
            issuer.authenticationKey().publicKey());
    PinnedKeys pinned = reply.holderKeys();
    connections.markVerified(
        connectionId,
        new PinnedHolderKeys(
            pinned.authenticationKey().toJson(), pinned.communicationKey().toJson(),
            pinned.communicationKey().kid(), pinned.safetyNumber().digits()),
        now);
    // The key of the reply: on the holder's curve (P-256 holders pin the P-256 key).
    connections.markIssuerKeyPinned(connectionId, sealingKey.get().kid(), now);
    connections.markIssuerAuthenticationKeyPinned(
        connectionId, issuer.authenticationKey().kid(), now);
    invitations.eraseUri(connectionId, now);
    deliveries.queueHandshakeReply(
        connection.tenantId(),
        connectionId,
        AtalaMessage.newBuilder()
            .setHandshakeMessage(
                HandshakeMessage.newBuilder()
                    .setJwt(reply.jwt())
                    .setStep(HandshakeStep.HANDSHAKE_STEP_ISSUER_CONFIRM))
            .build()
            .toByteArray());
    count("verified");
    LOG.info("connection {} of tenant {} VERIFIED", connectionId, connection.tenantId());
    events.publishEvent(new ConnectionStateChangedEvent(connectionId, ConnectionState.VERIFIED));
  }

  private void keyMismatch(Connection connection, String detail) {
    mismatches.record(connection, "handshake", detail);
    refuse(connection, HandshakeException.Reason.KEY_MISMATCH.name());
  }

  /** Tells the holder, with the reason code only, that its hello was refused. */
  private void refuse(Connection connection, String reason) {
    deliveries.queueHandshakeRefusal(
        connection.tenantId(), connection.id(), HandshakeRefusals.message(reason));
    events.publishEvent(
        ConnectionStateChangedEvent.handshakeRefused(
            connection.id(), connections.byId(connection.id()).orElseThrow().state(), reason));
  }

  private void fail(Connection connection, String reason, String detail) {
    connections.recordHandshakeFailure(
        connection.id(), "HANDSHAKE_FAILED: " + reason + ": " + detail, clock.instant());
    refuse(connection, reason);
    count(reason.toLowerCase(java.util.Locale.ROOT));
    LOG.warn(
        "handshake on connection {} of tenant {} refused: {}",
        connection.id(),
        connection.tenantId(),
        reason);
  }

  private void count(String outcome) {
    Counter.builder("gateway.handshake")
        .description("Holder handshake messages by outcome")
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }

  private static List<PublicKeyJwk> deliveredKeys(List<ConnectionKey> keys)
      throws KeyRejectedException {
    List<PublicKeyJwk> parsed = new ArrayList<>();
    for (ConnectionKey key : keys) {
      PublicKeyJwk jwk =
          PublicKeyJwk.parse(
              key.getPublicKey().getJwk(), KeyUse.COMMUNICATION, KidPolicy.THUMBPRINT_ONLY);
      parsed.add(jwk);
    }
    return parsed;
  }

  /** Parses the stored URI as of its creation, so an expiry since then does not hide the secret. */
  private static Invitation asCreated(String uri, Instant createdAt) {
    try {
      return Invitation.parse(uri, Clock.fixed(createdAt, ZoneOffset.UTC));
    } catch (InvitationException e) {
      throw new IllegalStateException("a stored invitation does not parse: " + e.reason());
    }
  }
}
