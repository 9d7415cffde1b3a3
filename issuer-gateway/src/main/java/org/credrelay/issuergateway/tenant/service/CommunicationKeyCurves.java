package org.credrelay.issuergateway.tenant.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.issuergateway.config.CommunicationCurveProperties;
import org.credrelay.issuergateway.connectorclient.KeyRegistryClient;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.TenantKeyStatus;
import org.credrelay.issuergateway.tenant.store.TenantKeyStore;
import org.credrelay.proto.common.v1.KeyStatus;
import org.credrelay.proto.common.v1.KeyUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * The tenant's communication key on the curve a holder chose (PROTOCOL.md section 4.4). Tenants
 * created since the gateway served a curve hold its key from the start; an older tenant gets it
 * here, the first time a holder on that curve shakes hands: a key pair is stored PENDING
 * (encrypted), registered in the key registry ({@code AddDidKey}, signed by the tenant's
 * authentication key), then made ACTIVE. A retry after a lost answer reuses the PENDING key and
 * recognises a key the registry already holds; two replicas adding the same curve at once store one
 * PENDING key (unique index), and both register that one.
 */
@Service
public class CommunicationKeyCurves {

  private static final Logger LOG = LoggerFactory.getLogger(CommunicationKeyCurves.class);

  private final TenantKeyStore keys;
  private final IssuerKeyring keyring;
  private final IssuerIdentityCache identities;
  private final KeyRegistryClient registry;
  private final CommunicationCurveProperties curves;
  private final Clock clock;

  public CommunicationKeyCurves(
      TenantKeyStore keys,
      IssuerKeyring keyring,
      IssuerIdentityCache identities,
      KeyRegistryClient registry,
      CommunicationCurveProperties curves,
      Clock clock) {
    this.keys = keys;
    this.keyring = keyring;
    this.identities = identities;
    this.registry = registry;
    this.curves = curves;
    this.clock = clock;
  }

  /**
   * The tenant's ACTIVE communication key on {@code curve}, added and registered now if it has
   * none; empty if the gateway does not serve {@code curve}.
   *
   * @throws StatusRuntimeException if the key registry failed (nothing became ACTIVE; retry)
   */
  public Optional<KeyPairJwk> forCurve(IssuerIdentity issuer, KeyCurve curve) {
    if (!curves.serves(curve)) {
      return Optional.empty();
    }
    Optional<KeyPairJwk> held = issuer.communicationKey(curve);
    if (held.isPresent()) {
      return held;
    }
    UUID tenantId = issuer.tenantId();
    Optional<KeyPairJwk> active =
        keys.keyPair(tenantId, KeyUse.COMMUNICATION, curve, TenantKeyStatus.ACTIVE);
    if (active.isPresent()) {
      identities.evict(tenantId);
      return active;
    }
    KeyPairJwk pending = pending(tenantId, curve);
    try {
      registry.addDidKey(
          issuer.did(),
          issuer.authenticationKey(),
          KeyUsage.KEY_USAGE_COMMUNICATION,
          pending.publicKey());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if ((code != Status.Code.ALREADY_EXISTS && code != Status.Code.FAILED_PRECONDITION)
          || !activeInRegistry(issuer.did(), pending.kid())) {
        throw e;
      }
    }
    try {
      keys.promotePending(tenantId, KeyUse.COMMUNICATION, curve, clock.instant());
    } catch (RuntimeException e) {
      // Another replica promoted the same PENDING key first.
      if (keys.keyPair(tenantId, KeyUse.COMMUNICATION, curve, TenantKeyStatus.ACTIVE).isEmpty()) {
        throw e;
      }
    }
    identities.evict(tenantId);
    LOG.info(
        "tenant {} holds a {} communication key now ({})", tenantId, curve.crv(), pending.kid());
    return keys.keyPair(tenantId, KeyUse.COMMUNICATION, curve, TenantKeyStatus.ACTIVE);
  }

  private KeyPairJwk pending(UUID tenantId, KeyCurve curve) {
    Optional<KeyPairJwk> stored =
        keys.keyPair(tenantId, KeyUse.COMMUNICATION, curve, TenantKeyStatus.PENDING);
    if (stored.isPresent()) {
      return stored.get();
    }
    KeyPairJwk fresh = Keys.generate(curve);
    try {
      keys.add(tenantId, fresh, TenantKeyStatus.PENDING, clock.instant());
      return fresh;
    } catch (DataIntegrityViolationException e) {
      return keys.keyPair(tenantId, KeyUse.COMMUNICATION, curve, TenantKeyStatus.PENDING)
          .orElseThrow(() -> e);
    }
  }

  private boolean activeInRegistry(String did, String kid) {
    return registry.getDid(did).getKeysList().stream()
        .anyMatch(
            key -> key.getKeyId().equals(kid) && key.getStatus() == KeyStatus.KEY_STATUS_ACTIVE);
  }
}
