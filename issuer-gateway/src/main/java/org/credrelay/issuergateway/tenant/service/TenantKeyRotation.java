package org.credrelay.issuergateway.tenant.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.issuergateway.connectorclient.KeyRegistryClient;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.Tenant;
import org.credrelay.issuergateway.tenant.TenantKeyStatus;
import org.credrelay.issuergateway.tenant.store.TenantKeyStore;
import org.credrelay.issuergateway.tenant.store.TenantStore;
import org.credrelay.proto.keyregistry.v1.GetDidResponse;
import org.credrelay.proto.keyregistry.v1.RegisteredKey;
import org.springframework.stereotype.Service;

/**
 * Rotates one of a tenant's keys (the communication key on one curve, or the authentication key) in
 * two steps, so the caller can put the second one in the same transaction as whatever must happen
 * with it (the key rotation announcements): {@link #register} stores a new key pair PENDING
 * (encrypted), sends {@code RotateDidKey} signed by the tenant's authentication key (and, after a
 * leak, {@code RevokeDidKey} for the old key), and reads back what the registry recorded; {@link
 * #activate} makes the new key ACTIVE and the old one RETIRED (kept). A retry after a lost answer
 * or a crash reuses the PENDING key and recognises a rotation (or revocation) the registry already
 * applied.
 *
 * <p>An authentication key signs its own replacement ({@code RotateDidKey}); from then on the
 * registry refuses it as a signer (it is rotating out), so the revocation after a leak, and a retry
 * whose rotation the registry already applied, are signed by the new key.
 */
@Service
public class TenantKeyRotation {

  private final TenantStore tenants;
  private final TenantKeyStore keys;
  private final IssuerKeyring keyring;
  private final KeyRegistryClient registry;
  private final Clock clock;

  public TenantKeyRotation(
      TenantStore tenants,
      TenantKeyStore keys,
      IssuerKeyring keyring,
      KeyRegistryClient registry,
      Clock clock) {
    this.tenants = tenants;
    this.keys = keys;
    this.keyring = keyring;
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * What the registry recorded for a rotation.
   *
   * @param previous the tenant's identity before the rotation (what holders have pinned)
   * @param oldKey the key pair replaced (of {@code previous})
   * @param newKey the new key pair, still PENDING here
   * @param rotatedAt when the new key became ACTIVE at the registry
   * @param oldKeyRevokedAt when the old key is (or became) REVOKED at the registry
   */
  public record Registered(
      IssuerIdentity previous,
      KeyPairJwk oldKey,
      KeyPairJwk newKey,
      Instant rotatedAt,
      Instant oldKeyRevokedAt) {}

  /**
   * Registers the rotation of the tenant's key of {@code usage} on {@code curve} at the key
   * registry; nothing changes in the gateway's ACTIVE keys yet.
   *
   * @param gracePeriod how long the old key stays ACTIVE at the registry
   * @param revokeOldKey revoke the old key at once (it leaked); the grace period is then void
   * @throws GatewayException CONFLICT if the tenant is not registered yet or holds no ACTIVE key of
   *     {@code usage} on {@code curve}
   */
  public Registered register(
      UUID tenantId, KeyUse usage, KeyCurve curve, Duration gracePeriod, boolean revokeOldKey) {
    Tenant tenant = tenants.find(tenantId).orElseThrow();
    if (tenant.registryRegisteredAt() == null) {
      throw GatewayException.conflict(
          "the tenant is not registered in the key registry yet; "
              + "complete POST /api/v1/tenant/registration first");
    }
    IssuerIdentity issuer = keyring.identity(tenantId);
    KeyPairJwk old = currentKey(issuer, usage, curve);
    String oldKid = old.kid();
    Optional<KeyPairJwk> stored = keys.keyPair(tenantId, usage, curve, TenantKeyStatus.PENDING);
    KeyPairJwk pending = stored.orElseGet(() -> Keys.generate(curve));
    if (stored.isEmpty()) {
      keys.add(tenantId, pending, TenantKeyStatus.PENDING, clock.instant());
    }
    // After the rotation only the new authentication key may sign for the DID.
    KeyPairJwk laterSigner = usage == KeyUse.AUTHENTICATION ? pending : issuer.authenticationKey();
    boolean applied =
        stored.isPresent() && find(registry.getDid(issuer.did()), pending.kid()) != null;
    if (!applied) {
      try {
        registry.rotateDidKey(
            issuer.did(), issuer.authenticationKey(), oldKid, pending.publicKey(), gracePeriod);
      } catch (StatusRuntimeException e) {
        if (!alreadyApplied(e) || find(registry.getDid(issuer.did()), pending.kid()) == null) {
          throw e;
        }
      }
    }
    if (revokeOldKey) {
      try {
        registry.revokeDidKey(issuer.did(), laterSigner, oldKid, "rotated: the key is compromised");
      } catch (StatusRuntimeException e) {
        // FAILED_PRECONDITION: already revoked (a retry, or the grace period was zero).
        if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
          throw e;
        }
      }
    }
    GetDidResponse did = registry.getDid(issuer.did());
    RegisteredKey added = find(did, pending.kid());
    RegisteredKey replaced = find(did, oldKid);
    if (added == null || replaced == null) {
      throw new IllegalStateException("the registry does not list the rotated keys");
    }
    Instant rotatedAt = instant(added.getCreatedAt());
    Instant revokedAt = replaced.hasRevokedAt() ? instant(replaced.getRevokedAt()) : rotatedAt;
    return new Registered(issuer, old, pending, rotatedAt, revokedAt);
  }

  /**
   * Makes the PENDING key of {@code usage} on {@code curve} ACTIVE and the old one RETIRED; joins
   * the caller's transaction.
   */
  public void activate(UUID tenantId, KeyUse usage, KeyCurve curve) {
    keys.promotePending(tenantId, usage, curve, clock.instant());
  }

  private static KeyPairJwk currentKey(IssuerIdentity issuer, KeyUse usage, KeyCurve curve) {
    if (usage == KeyUse.AUTHENTICATION) {
      return issuer.authenticationKey();
    }
    return issuer
        .communicationKey(curve)
        .orElseThrow(
            () ->
                GatewayException.conflict(
                    "the tenant holds no "
                        + curve.crv()
                        + " communication key to rotate yet (it is added at the first handshake "
                        + "of a holder on that curve)"));
  }

  private static boolean alreadyApplied(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    return code == Status.Code.ALREADY_EXISTS || code == Status.Code.FAILED_PRECONDITION;
  }

  private static RegisteredKey find(GetDidResponse did, String kid) {
    return did.getKeysList().stream()
        .filter(key -> key.getKeyId().equals(kid))
        .findFirst()
        .orElse(null);
  }

  private static Instant instant(com.google.protobuf.Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
