package org.credrelay.issuergateway.connection.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionFilter;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.PinnedHolderKeys;
import org.credrelay.issuergateway.connection.store.ConnectionListing;
import org.credrelay.issuergateway.connection.store.ConnectionStore;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.keyset.KeysetCursor;
import org.credrelay.issuergateway.tenant.service.IssuerKeyring;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * A tenant's connections: listing, details and revocation (always scoped by tenant: 404 else), and
 * the state changes other features make (the invitation creates a connection, the handshake pins
 * its keys, the synchronisation with the connector accepts or closes it). Every close publishes a
 * {@link ConnectionStateChangedEvent}.
 */
@Service
public class ConnectionManager {

  private final ConnectionStore connections;
  private final ConnectionListing listing;
  private final ConnectorClient connector;
  private final IssuerKeyring keyring;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public ConnectionManager(
      ConnectionStore connections,
      ConnectionListing listing,
      ConnectorClient connector,
      IssuerKeyring keyring,
      ApplicationEventPublisher events,
      Clock clock) {
    this.connections = connections;
    this.listing = listing;
    this.connector = connector;
    this.keyring = keyring;
    this.events = events;
    this.clock = clock;
  }

  public Connection get(UUID tenantId, UUID id) {
    return find(tenantId, id).orElseThrow(() -> GatewayException.notFound("connection"));
  }

  public Optional<Connection> find(UUID tenantId, UUID id) {
    return connections.find(tenantId, id);
  }

  /** The state of the tenant's connection (the issuing path needs no more). */
  public Optional<ConnectionState> state(UUID tenantId, UUID id) {
    return connections.state(tenantId, id);
  }

  /**
   * The states of those of {@code ids} that are the tenant's connections, in one read (an issuing
   * batch needs no more); ids not found are absent.
   */
  public Map<UUID, ConnectionState> states(UUID tenantId, Collection<UUID> ids) {
    return connections.states(tenantId, ids);
  }

  /**
   * By the connector's id, within a tenant (the connector's id alone comes from an untrusted
   * party).
   */
  public Optional<Connection> findByConnectorId(UUID tenantId, String connectorConnectionId) {
    return connections.findByConnectorId(tenantId, connectorConnectionId);
  }

  /**
   * A keyset page in (created_at, id) order; fetch {@code limit + 1} to know whether another page
   * follows.
   *
   * @param after a cursor of a previous page, or null/empty for the first
   * @throws GatewayException INVALID_REQUEST if {@code after} is not a cursor of this API
   */
  public List<Connection> page(UUID tenantId, ConnectionFilter filter, String after, int limit) {
    return listing.page(tenantId, filter, KeysetCursor.parameter(after), limit);
  }

  /** How many of the tenant's connections match {@code filter}, per state (every state). */
  public Map<ConnectionState, Long> countByState(UUID tenantId, ConnectionFilter filter) {
    return listing.countByState(tenantId, filter);
  }

  /** Oldest INVITED/ACCEPTED connections of all tenants. */
  public List<Connection> open(int limit) {
    return connections.open(limit);
  }

  /** By id alone, for listeners of this feature's events (the id never comes from a client). */
  public Optional<Connection> byId(UUID id) {
    return connections.get(id);
  }

  /**
   * The connections of a delivery batch by id alone, in one read (the ids come from stored
   * deliveries, never from a client; the caller checks each against the delivery's tenant).
   */
  public Map<UUID, Connection> byIds(Collection<UUID> ids) {
    Map<UUID, Connection> found = new HashMap<>();
    connections.getAll(ids).forEach(connection -> found.put(connection.id(), connection));
    return found;
  }

  /** A new INVITED connection (joins the caller's transaction); the change is published. */
  public Connection create(UUID id, UUID tenantId, String connectorConnectionId, Instant now) {
    Connection created = connections.create(id, tenantId, connectorConnectionId, now);
    events.publishEvent(new ConnectionStateChangedEvent(id, ConnectionState.INVITED));
    return created;
  }

  /** Locks the connection until the surrounding transaction ends (one handshake at a time). */
  public Connection lock(UUID id) {
    return connections.lock(id);
  }

  /** ACCEPTED (if still INVITED, then the change is published). */
  public void markAccepted(UUID id, String holderKeyId, Instant now) {
    if (connections.markAccepted(id, holderKeyId, now)) {
      events.publishEvent(new ConnectionStateChangedEvent(id, ConnectionState.ACCEPTED));
    }
  }

  /** VERIFIED with the keys the handshake proved. */
  public void markVerified(UUID id, PinnedHolderKeys keys, Instant now) {
    connections.markVerified(id, keys, now);
  }

  /** Every VERIFIED connection of a tenant, oldest first. */
  public List<Connection> verified(UUID tenantId) {
    return connections.verified(tenantId);
  }

  /**
   * The holder has pinned, or has been told in an acknowledged announcement to pin, the issuer
   * communication key {@code kid} (shown to the portal).
   */
  public void markIssuerKeyPinned(UUID id, String kid, Instant now) {
    connections.markIssuerKeyPinned(id, kid, now);
  }

  /**
   * The holder has pinned, or has been told in an acknowledged announcement to pin, the issuer
   * authentication key {@code kid} (shown to the portal).
   */
  public void markIssuerAuthenticationKeyPinned(UUID id, String kid, Instant now) {
    connections.markIssuerAuthenticationKeyPinned(id, kid, now);
  }

  /** Re-pins the holder's communication key after a verified holder rotation announcement. */
  public void markHolderKeyRotated(UUID id, String communicationJwk, String kid, Instant now) {
    connections.markHolderKeyRotated(id, communicationJwk, kid, now);
  }

  public void recordHolderKeyRotationRefusal(UUID id, String reason, Instant now) {
    connections.recordHolderKeyRotationRefusal(id, reason, now);
  }

  public void recordHandshakeFailure(UUID id, String reason, Instant now) {
    connections.recordHandshakeFailure(id, reason, now);
  }

  /**
   * @return true if the state changed (then the change is published)
   */
  public boolean close(UUID id, ConnectionState closedState, String reason, Instant now) {
    boolean changed = connections.close(id, closedState, reason, now);
    if (changed) {
      events.publishEvent(new ConnectionStateChangedEvent(id, closedState));
    }
    return changed;
  }

  /**
   * Revokes the connection at the connector, then here; the invitation is cancelled on the
   * published change. Idempotent.
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
      connections.close(id, ConnectionState.REVOKED, null, clock.instant());
      events.publishEvent(new ConnectionStateChangedEvent(id, ConnectionState.REVOKED, true));
    }
    return get(tenantId, id);
  }
}
