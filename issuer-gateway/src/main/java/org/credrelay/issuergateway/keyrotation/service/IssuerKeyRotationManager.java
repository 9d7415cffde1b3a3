package org.credrelay.issuergateway.keyrotation.service;

import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.issuergateway.config.KeyRotationProperties;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.delivery.KeyAnnouncement;
import org.credrelay.issuergateway.delivery.service.DeliveryManager;
import org.credrelay.issuergateway.tenant.service.CommunicationKeyRotation;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotates an issuer's communication key without breaking its connections (PROTOCOL.md section 7):
 * the registry records the rotation first; then, in one transaction, the new key becomes ACTIVE
 * here and every VERIFIED connection gets a key rotation announcement in the outbox, sealed from
 * the old key the holder has pinned. So a crash leaves either nothing changed here (a retry of the
 * same request completes it) or every connection with its announcement, which the outbox delivers
 * like a credential, before anything sealed with the new key ({@code DeliverySealStage}).
 */
@Service
public class IssuerKeyRotationManager {

  private static final Logger LOG = LoggerFactory.getLogger(IssuerKeyRotationManager.class);

  private final CommunicationKeyRotation rotation;
  private final ConnectionManager connections;
  private final DeliveryManager deliveries;
  private final IssuerIdentityCache identities;
  private final TransactionTemplate transactions;
  private final KeyRotationProperties properties;

  IssuerKeyRotationManager(
      CommunicationKeyRotation rotation,
      ConnectionManager connections,
      DeliveryManager deliveries,
      IssuerIdentityCache identities,
      TransactionTemplate transactions,
      KeyRotationProperties properties) {
    this.rotation = rotation;
    this.connections = connections;
    this.deliveries = deliveries;
    this.identities = identities;
    this.transactions = transactions;
    this.properties = properties;
  }

  /**
   * @param revokeOldKey the old key leaked: revoke it at once instead of after the grace period
   * @return the kid of the new ACTIVE communication key
   */
  public String rotateCommunicationKey(UUID tenantId, boolean revokeOldKey) {
    CommunicationKeyRotation.Registered registered =
        rotation.register(tenantId, properties.gracePeriod(), revokeOldKey);
    KeyAnnouncement announcement =
        new KeyAnnouncement(
            KeyUse.COMMUNICATION,
            registered.previous().communicationKey().kid(),
            registered.newKey().publicKey(),
            registered.rotatedAt(),
            registered.oldKeyRevokedAt());
    int announced =
        transactions.execute(
            status -> {
              rotation.activate(tenantId);
              int count = 0;
              for (Connection connection : connections.verified(tenantId)) {
                deliveries.queueKeyRotation(registered.previous(), connection, announcement);
                count++;
              }
              return count;
            });
    // After the commit, so no worker caches the old identity again from the old rows.
    identities.evict(tenantId);
    LOG.info(
        "tenant {} rotated its communication key{}; announced on {} connections",
        tenantId,
        revokeOldKey ? " (old key revoked)" : "",
        announced);
    return registered.newKey().kid();
  }
}
