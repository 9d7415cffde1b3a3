package org.credrelay.issuergateway.invitation.service;

import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.credrelay.issuergateway.config.ConnectionSyncProperties;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.connectorclient.GrpcFailures;
import org.credrelay.issuergateway.invitation.IssuedInvitation;
import org.credrelay.issuergateway.invitation.store.InvitationStore;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.service.IssuerKeyring;
import org.credrelay.rpcsigning.RetryClassification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the connections of pending invitations (INVITED/ACCEPTED) in step, every {@code
 * gateway.connections.sync-interval}: an expired invitation makes the connection EXPIRED (and
 * erases its secret); otherwise the connector is asked ({@code GetConnectionByToken}) whether the
 * holder accepted (ACCEPTED) or the connection was revoked or expired there. The connector's word
 * never makes a connection VERIFIED; only the handshake does. Safe on several replicas: every
 * change is idempotent.
 */
@Component
public class PendingInvitationSyncJob {

  private static final Logger LOG = LoggerFactory.getLogger(PendingInvitationSyncJob.class);

  private final ConnectionManager connections;
  private final InvitationStore invitations;
  private final ConnectorClient connector;
  private final IssuerKeyring keyring;
  private final ConnectionSyncProperties properties;
  private final Clock clock;

  public PendingInvitationSyncJob(
      ConnectionManager connections,
      InvitationStore invitations,
      ConnectorClient connector,
      IssuerKeyring keyring,
      ConnectionSyncProperties properties,
      Clock clock) {
    this.connections = connections;
    this.invitations = invitations;
    this.connector = connector;
    this.keyring = keyring;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${gateway.connections.sync-interval:30s}")
  void syncQuietly() {
    if (!properties.syncEnabled()) {
      return;
    }
    try {
      syncOnce();
    } catch (RuntimeException e) {
      LOG.warn("connection state synchronisation failed", e);
    }
  }

  /** One pass over the oldest open connections; returns how many changed state. */
  public int syncOnce() {
    return sync(connections.open(properties.syncBatchSize()));
  }

  /** Synchronises the given connections (those not open any more are skipped). */
  public int sync(List<Connection> batch) {
    Map<UUID, IssuerIdentity> identities = new HashMap<>();
    int changed = 0;
    for (Connection connection : batch) {
      if (!connection.state().open()) {
        continue;
      }
      IssuedInvitation invitation = invitations.get(connection.id()).orElseThrow();
      Instant now = clock.instant();
      if (invitation.expired(now)) {
        changed += close(connection, ConnectionState.EXPIRED, "the invitation expired", now);
        continue;
      }
      try {
        IssuerIdentity issuer =
            identities.computeIfAbsent(connection.tenantId(), keyring::identity);
        var info = connector.connectionByToken(issuer, invitation.token());
        switch (info.getState()) {
          case CONNECTION_STATE_CONNECTED -> {
            if (connection.state() == ConnectionState.INVITED) {
              connections.markAccepted(connection.id(), info.getHolderKeyId(), now);
              changed++;
            }
          }
          case CONNECTION_STATE_REVOKED ->
              changed +=
                  close(connection, ConnectionState.REVOKED, "revoked at the connector", now);
          case CONNECTION_STATE_EXPIRED ->
              changed +=
                  close(connection, ConnectionState.EXPIRED, "expired at the connector", now);
          default -> {}
        }
      } catch (StatusRuntimeException e) {
        if (RetryClassification.isTransient(e)) {
          LOG.info("connector unavailable, synchronisation postponed: {}", e.getStatus().getCode());
          break;
        }
        LOG.warn(
            "connection {} could not be synchronised: {}",
            connection.id(),
            GrpcFailures.describe(e));
      }
    }
    return changed;
  }

  private int close(Connection connection, ConnectionState state, String reason, Instant now) {
    boolean changed = connections.close(connection.id(), state, reason, now);
    invitations.eraseUri(connection.id(), now);
    return changed ? 1 : 0;
  }
}
