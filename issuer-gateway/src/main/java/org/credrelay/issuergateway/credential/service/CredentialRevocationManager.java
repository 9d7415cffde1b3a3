package org.credrelay.issuergateway.credential.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.credential.CredentialRevocation;
import org.credrelay.issuergateway.credential.store.CredentialRevocationStore;
import org.credrelay.issuergateway.delivery.DeliveriesQueuedEvent;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.service.DeliveryManager;
import org.credrelay.issuergateway.error.ErrorCode;
import org.credrelay.issuergateway.error.GatewayException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Revokes delivered credentials (docs/ISSUER-GATEWAY.md, "Credential revocation"). A revocation is
 * recorded once per credential together with its notice, a CREDENTIAL_REVOCATION delivery on the
 * connection the credential was delivered on, in one transaction; revoking again answers the
 * recorded revocation and queues nothing. Only a credential the connector acknowledged (SENT) can
 * be revoked: one that is still queued or failed never reached the holder, so a notice would name a
 * credential the wallet does not hold (docs/decisions/0038-revocation-delivered-only.md).
 */
@Service
public class CredentialRevocationManager {

  /** As many UTF-16 units as a wallet accepts in {@code CredentialRevokedMessage.reason}. */
  public static final int MAX_REASON_LENGTH = 1024;

  private final CredentialRevocationStore store;
  private final DeliveryManager deliveries;
  private final ConnectionManager connections;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public CredentialRevocationManager(
      CredentialRevocationStore store,
      DeliveryManager deliveries,
      ConnectionManager connections,
      TransactionTemplate transactions,
      ApplicationEventPublisher events,
      Clock clock) {
    this.store = store;
    this.deliveries = deliveries;
    this.connections = connections;
    this.transactions = transactions;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Revokes credential {@code credentialId} of the tenant with {@code reason} (null: none), or
   * answers the earlier revocation (then {@code reason} is ignored).
   *
   * @throws GatewayException NOT_FOUND (no such credential of this tenant), INVALID_REQUEST (reason
   *     too long or with control characters), CREDENTIAL_NOT_DELIVERED (not SENT), CONFLICT (its
   *     connection is closed)
   */
  public RevocationOutcome revoke(UUID tenantId, UUID credentialId, String reason) {
    Optional<RevocationOutcome> earlier = find(tenantId, credentialId);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    String checkedReason = checkReason(reason);
    try {
      CredentialRevocation revocation =
          transactions.execute(status -> record(tenantId, credentialId, checkedReason));
      return new RevocationOutcome(revocation, notice(revocation), false);
    } catch (DuplicateKeyException e) {
      // A concurrent revocation of the same credential won; answer it.
      return find(tenantId, credentialId).orElseThrow(() -> e);
    }
  }

  /** The revocation of a tenant's credential with its notice's state; empty if not revoked. */
  public Optional<RevocationOutcome> find(UUID tenantId, UUID credentialId) {
    return store
        .find(tenantId, credentialId)
        .map(revocation -> new RevocationOutcome(revocation, notice(revocation), true));
  }

  private CredentialRevocation record(UUID tenantId, UUID credentialId, String reason) {
    Delivery credential =
        deliveries
            .findCredential(tenantId, credentialId)
            .orElseThrow(() -> GatewayException.notFound("credential"));
    if (!credential.status().handedOver()) {
      throw new GatewayException(
          ErrorCode.CREDENTIAL_NOT_DELIVERED,
          "the credential's delivery is "
              + credential.status()
              + "; only a credential delivered to the holder (SENT) can be revoked");
    }
    Connection connection = connections.get(tenantId, credential.connectionId());
    if (connection.state().closed()) {
      throw GatewayException.conflict(
          "the connection the credential was delivered on is "
              + connection.state()
              + "; no revocation notice can be delivered on it");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    UUID notice =
        deliveries.queueRevocationNotice(tenantId, connection.id(), credentialId, reason, now);
    CredentialRevocation revocation =
        new CredentialRevocation(
            credentialId, tenantId, connection.id(), credential.id(), notice, reason, now);
    store.insert(revocation);
    events.publishEvent(new DeliveriesQueuedEvent(1));
    return revocation;
  }

  private Delivery notice(CredentialRevocation revocation) {
    return deliveries
        .findRevocationNotice(revocation.tenantId(), revocation.noticeDeliveryId())
        .orElseThrow(
            () -> new IllegalStateException("notice of " + revocation.credentialId() + " missing"));
  }

  private static String checkReason(String reason) {
    if (reason == null) {
      return "";
    }
    if (reason.length() > MAX_REASON_LENGTH
        || reason.codePoints().anyMatch(Character::isISOControl)) {
      throw GatewayException.invalid(
          "reason must be at most " + MAX_REASON_LENGTH + " characters without control characters");
    }
    return reason;
  }
}
