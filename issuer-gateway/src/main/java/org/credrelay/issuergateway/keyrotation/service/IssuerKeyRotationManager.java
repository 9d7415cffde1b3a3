package org.credrelay.issuergateway.keyrotation.service;

import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.config.KeyRotationProperties;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.delivery.KeyAnnouncement;
import org.credrelay.issuergateway.delivery.service.DeliveryManager;
import org.credrelay.issuergateway.delivery.service.StaticAgreementCache;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.credrelay.issuergateway.tenant.service.TenantKeyRotation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotates an issuer's keys without breaking its connections (PROTOCOL.md section 7): the registry
 * records the rotation first; then, in one transaction, the new key becomes ACTIVE here and every
 * VERIFIED connection that has pinned the old key gets a key rotation announcement in the outbox,
 * sealed from the communication key the holder has pinned. So a crash leaves either nothing changed
 * here (a retry of the same request completes it) or every such connection with its announcement,
 * which the outbox delivers like a credential, before anything sealed later ({@code
 * DeliverySealStage}).
 *
 * <p>Who has pinned what: a communication key is pinned only by holders whose own communication key
 * is on its curve (the handshake reply carries the issuer key on the holder's curve); the
 * authentication key by every holder.
 */
@Service
public class IssuerKeyRotationManager {

  private static final Logger LOG = LoggerFactory.getLogger(IssuerKeyRotationManager.class);

  private final TenantKeyRotation rotation;
  private final ConnectionManager connections;
  private final DeliveryManager deliveries;
  private final IssuerIdentityCache identities;
  private final StaticAgreementCache agreements;
  private final TransactionTemplate transactions;
  private final KeyRotationProperties properties;

  IssuerKeyRotationManager(
      TenantKeyRotation rotation,
      ConnectionManager connections,
      DeliveryManager deliveries,
      IssuerIdentityCache identities,
      StaticAgreementCache agreements,
      TransactionTemplate transactions,
      KeyRotationProperties properties) {
    this.rotation = rotation;
    this.connections = connections;
    this.deliveries = deliveries;
    this.identities = identities;
    this.agreements = agreements;
    this.transactions = transactions;
    this.properties = properties;
  }

  /**
   * Rotates the communication key on {@code curve}, announced to the holders on that curve.
   *
   * @param revokeOldKey the old key leaked: revoke it at once instead of after the grace period
   * @return the kid of the new ACTIVE communication key
   */
  public String rotateCommunicationKey(UUID tenantId, KeyCurve curve, boolean revokeOldKey) {
    if (curve.use() != KeyUse.COMMUNICATION) {
      throw new IllegalArgumentException(curve + " is not a communication curve");
    }
    return rotate(tenantId, KeyUse.COMMUNICATION, curve, revokeOldKey);
  }

  /**
   * Rotates the authentication key (request signatures, handshake replies), announced to every
   * holder: wallets pin it at the handshake and refuse everything once the pinned one is REVOKED.
   *
   * @param revokeOldKey the old key leaked: revoke it at once instead of after the grace period
   * @return the kid of the new ACTIVE authentication key
   */
  public String rotateAuthenticationKey(UUID tenantId, boolean revokeOldKey) {
    // The gateway's authentication keys are Ed25519 (tenant.store.TenantKeyStore.defaultCurve).
    return rotate(tenantId, KeyUse.AUTHENTICATION, KeyCurve.ED25519, revokeOldKey);
  }

  private String rotate(UUID tenantId, KeyUse usage, KeyCurve curve, boolean revokeOldKey) {
    TenantKeyRotation.Registered registered =
        rotation.register(tenantId, usage, curve, properties.gracePeriod(), revokeOldKey);
    KeyAnnouncement announcement =
        new KeyAnnouncement(
            usage,
            registered.oldKey().kid(),
            registered.newKey().publicKey(),
            registered.rotatedAt(),
            registered.oldKeyRevokedAt());
    int announced =
        transactions.execute(
            status -> {
              rotation.activate(tenantId, usage, curve);
              int count = 0;
              for (Connection connection : connections.verified(tenantId)) {
                if (usage == KeyUse.AUTHENTICATION || holderCurve(connection) == curve) {
                  deliveries.queueKeyRotation(registered.previous(), connection, announcement);
                  count++;
                }
              }
              return count;
            });
    // After the commit, so no worker caches the old identity again from the old rows.
    identities.evict(tenantId);
    // New seals use the new key; announcements were sealed with the old one before the commit.
    agreements.forgetOwnKey(registered.oldKey().publicKey().thumbprint());
    LOG.info(
        "tenant {} rotated its {} {} key{}; announced on {} connections",
        tenantId,
        curve.crv(),
        usage,
        revokeOldKey ? " (old key revoked)" : "",
        announced);
    return registered.newKey().kid();
  }

  /** The curve of the holder's pinned communication key: the curve of the issuer key it pins. */
  private static KeyCurve holderCurve(Connection connection) {
    try {
      return PublicKeyJwk.parse(connection.pinnedCommJwk(), KeyUse.COMMUNICATION).curve();
    } catch (KeyRejectedException e) {
      throw new IllegalStateException("pinned holder key of " + connection.id() + " is invalid", e);
    }
  }
}
