package org.credrelay.issuergateway.invitation.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.issuergateway.config.UpstreamProperties;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.connection.service.ConnectionStateChangedEvent;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.connectorclient.NewConnectionToken;
import org.credrelay.issuergateway.error.ErrorCode;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.invitation.IssuedInvitation;
import org.credrelay.issuergateway.invitation.store.InvitationStore;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.Tenant;
import org.credrelay.issuergateway.tenant.service.IssuerKeyring;
import org.credrelay.issuergateway.tenant.service.TenantManager;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates invitations: the connector generates the token (and the connection id), the gateway draws
 * the 256-bit secret itself ({@link Invitation#create}) and builds the URI. The secret never goes
 * to the connector; at rest it exists only inside the encrypted URI, which is erased once the
 * handshake succeeded or the connection closed, and cancelled when the issuer revokes the
 * connection.
 */
@Service
public class InvitationManager {

  private static final int MAX_CONNECTION_ID_LENGTH = 128;

  private final TenantManager tenants;
  private final InvitationStore invitations;
  private final ConnectionManager connections;
  private final ConnectorClient connector;
  private final IssuerKeyring keyring;
  private final TransactionTemplate transactions;
  private final UpstreamProperties upstream;
  private final SecureRandom random;
  private final Clock clock;

  public InvitationManager(
      TenantManager tenants,
      InvitationStore invitations,
      ConnectionManager connections,
      ConnectorClient connector,
      IssuerKeyring keyring,
      TransactionTemplate transactions,
      UpstreamProperties upstream,
      SecureRandom random,
      Clock clock) {
    this.tenants = tenants;
    this.invitations = invitations;
    this.connections = connections;
    this.connector = connector;
    this.keyring = keyring;
    this.transactions = transactions;
    this.upstream = upstream;
    this.random = random;
    this.clock = clock;
  }

  /**
   * @param validity how long the invitation should be valid at most (null = the connector's token
   *     lifetime)
   */
  public InvitationView create(UUID tenantId, String label, Duration validity) {
    Tenant tenant = tenants.get(tenantId);
    if (!tenant.registered()) {
      throw GatewayException.conflict(
          "the tenant is not registered at the key registry and the "
              + "connector yet; retry POST /api/v1/tenant/registration first");
    }
    IssuerIdentity issuer = keyring.identity(tenantId);
    NewConnectionToken token = connector.generateToken(issuer);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant expiresAt =
        validity == null || token.expiresAt().isBefore(now.plus(validity))
            ? token.expiresAt()
            : now.plus(validity);
    Invitation invitation = build(token, tenant, expiresAt, now);
    UUID id = UUID.randomUUID();
    try {
      transactions.executeWithoutResult(
          status -> {
            invitations.create(
                id,
                tenantId,
                token.connectionId(),
                token.token(),
                invitation.toUri(),
                label,
                invitation.expiresAt(),
                now);
            connections.create(id, tenantId, token.connectionId(), now);
          });
    } catch (DataIntegrityViolationException e) {
      throw upstreamRefused("the connector returned a connection id that is already in use");
    }
    return view(tenantId, id);
  }

  public InvitationView get(UUID tenantId, UUID id) {
    return view(tenantId, id);
  }

  public Page<InvitationView> list(UUID tenantId, Pageable page) {
    return invitations.page(tenantId, page).map(invitation -> view(tenantId, invitation.id()));
  }

  /** The URI with its secret, for the QR code; 410 once erased (used, cancelled or expired). */
  public String uri(UUID tenantId, UUID id) {
    IssuedInvitation invitation = find(tenantId, id);
    if (invitation.expired(clock.instant())) {
      throw new GatewayException(ErrorCode.GONE, "the invitation has expired");
    }
    return invitations
        .uri(tenantId, id)
        .orElseThrow(
            () ->
                new GatewayException(
                    ErrorCode.GONE,
                    "the invitation is no longer available (handshake completed, cancelled or expired)"));
  }

  /** Cancels: revokes the connection at the connector and erases the secret. Idempotent. */
  public InvitationView cancel(UUID tenantId, UUID id) {
    find(tenantId, id);
    connections.revoke(tenantId, id);
    return view(tenantId, id);
  }

  /** The invitation a connection was made from (they share the id). */
  public Optional<IssuedInvitation> issued(UUID connectionId) {
    return invitations.get(connectionId);
  }

  /** The decrypted invitation URI (with its secret), unless it was erased. */
  public Optional<String> storedUri(UUID tenantId, UUID connectionId) {
    return invitations.uri(tenantId, connectionId);
  }

  /** Forgets the URI and its secret for good (the handshake succeeded). */
  public void eraseUri(UUID connectionId, Instant now) {
    invitations.eraseUri(connectionId, now);
  }

  /** The issuer revoked the connection: its invitation is cancelled as part of the revocation. */
  @EventListener
  void onConnectionStateChanged(ConnectionStateChangedEvent event) {
    if (event.revokedByIssuer()) {
      invitations.cancel(event.connectionId(), clock.instant());
    }
  }

  private Invitation build(
      NewConnectionToken token, Tenant tenant, Instant expiresAt, Instant now) {
    String connectionId = token.connectionId();
    if (connectionId == null
        || connectionId.isEmpty()
        || connectionId.length() > MAX_CONNECTION_ID_LENGTH
        || !connectionId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw upstreamRefused("the connector returned an unusable connection id");
    }
    if (!expiresAt.isAfter(now.plusSeconds(1))) {
      throw upstreamRefused("the connector returned a token that has already expired");
    }
    try {
      Invitation invitation =
          Invitation.create(token.token(), tenant.did(), expiresAt, random)
              .withIssuerName(tenant.name());
      return upstream.connectorAddress().isEmpty()
          ? invitation
          : invitation.withConnectorAddress(upstream.connectorAddress());
    } catch (IllegalArgumentException e) {
      throw upstreamRefused("the connector returned an unusable token");
    }
  }

  private IssuedInvitation find(UUID tenantId, UUID id) {
    return invitations
        .find(tenantId, id)
        .orElseThrow(() -> GatewayException.notFound("invitation"));
  }

  private InvitationView view(UUID tenantId, UUID id) {
    IssuedInvitation invitation = find(tenantId, id);
    ConnectionState state = connections.find(tenantId, id).orElseThrow().state();
    String uri =
        invitation.uriAvailable() && !invitation.expired(clock.instant())
            ? invitations.uri(tenantId, id).orElse(null)
            : null;
    return new InvitationView(invitation, state, uri);
  }

  private static GatewayException upstreamRefused(String detail) {
    return new GatewayException(ErrorCode.UPSTREAM_REFUSED, detail);
  }
}
