package org.credrelay.issuergateway.connection.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.store.ConnectionStore;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.invitation.store.InvitationStore;
import org.credrelay.issuergateway.tenant.service.IssuerKeyring;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/** A tenant's connections: listing, details and revocation (always scoped by tenant: 404 else). */
@Service
public class ConnectionManager {

  private final ConnectionStore connections;
  private final InvitationStore invitations;
  private final ConnectorClient connector;
  private final IssuerKeyring keyring;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public ConnectionManager(ConnectionStore connections, InvitationStore invitations,
      ConnectorClient connector, IssuerKeyring keyring, ApplicationEventPublisher events,
      Clock clock) {
    this.connections = connections;
    this.invitations = invitations;
    this.connector = connector;
    this.keyring = keyring;
    this.events = events;
    this.clock = clock;
  }

  public Connection get(UUID tenantId, UUID id) {
    return connections.find(tenantId, id).orElseThrow(() -> GatewayException.notFound("connection"));
  }

  public Page<Connection> list(UUID tenantId, ConnectionState state, Pageable page) {
    return connections.page(tenantId, state, page);
  }

  /**
   * Revokes the connection at the connector, then here; erases the invitation secret. Idempotent.
   *
   * @throws StatusRuntimeException if the connector could not revoke it (nothing changed here)
   */
  public Connection revoke(UUID tenantId, UUID id) {
    Connection connection = get(tenantId, id);
    if (connection.state() != ConnectionState.REVOKED) {
      try {
        connector.revokeConnection(keyring.identity(tenantId), connection.connectorConnectionId());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw e;
        }
      }
      Instant now = clock.instant();
      connections.close(id, ConnectionState.REVOKED, null, now);
      invitations.cancel(id, now);
      events.publishEvent(new ConnectionStateChangedEvent(id, ConnectionState.REVOKED));
    }
    return get(tenantId, id);
  }
}
