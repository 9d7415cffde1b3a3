package org.credrelay.issuergateway.tenant.store;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.issuergateway.crypto.AtRestCipher;
import org.credrelay.issuergateway.crypto.AtRestPurpose;
import org.credrelay.issuergateway.tenant.TenantKey;
import org.credrelay.issuergateway.tenant.TenantKeyStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenants' key pairs. Private JWKs are encrypted with the key-encryption key before they reach
 * the database (AAD binds purpose and row id) and decrypted only on demand; nothing here logs them.
 */
@Component
public class TenantKeyStore {

  private final TenantKeyRepository keys;
  private final AtRestCipher cipher;

  TenantKeyStore(TenantKeyRepository keys, AtRestCipher cipher) {
    this.keys = keys;
    this.cipher = cipher;
  }

  /** Stores a key pair with the given status; returns its row id. */
  @Transactional
  public UUID add(UUID tenantId, KeyPairJwk pair, TenantKeyStatus status, Instant now) {
    UUID id = UUID.randomUUID();
    byte[] sealed = cipher.encrypt(AtRestPurpose.TENANT_PRIVATE_KEY, id, pair.toPrivateJson());
    keys.saveAndFlush(
        new TenantKeyEntity(
            id,
            tenantId,
            pair.use(),
            pair.curve(),
            pair.kid(),
            pair.publicKey().toJson(),
            sealed,
            status,
            now));
    return id;
  }

  /**
   * The decrypted key pair of {@code usage} in {@code status} on the usage's default curve (X25519,
   * Ed25519): the key a rotation replaces.
   */
  @Transactional(readOnly = true)
  public Optional<KeyPairJwk> keyPair(UUID tenantId, KeyUse usage, TenantKeyStatus status) {
    return keyPair(tenantId, usage, defaultCurve(usage), status);
  }

  /** The decrypted key pair of {@code usage} on {@code curve} in {@code status} (at most one). */
  @Transactional(readOnly = true)
  public Optional<KeyPairJwk> keyPair(
      UUID tenantId, KeyUse usage, KeyCurve curve, TenantKeyStatus status) {
    return keys.findByTenantIdAndUsageAndCurveAndStatus(tenantId, usage, curve, status)
        .map(entity -> decrypt(entity, usage));
  }

  /** The decrypted key pairs of {@code usage} in {@code status}, one per curve at most. */
  @Transactional(readOnly = true)
  public List<KeyPairJwk> keyPairs(UUID tenantId, KeyUse usage, TenantKeyStatus status) {
    return keys.findByTenantIdAndUsageAndStatus(tenantId, usage, status).stream()
        .map(entity -> decrypt(entity, usage))
        .toList();
  }

  /**
   * The kids of the ACTIVE keys of each of {@code tenantIds}, in one query and without decrypting
   * anything: enough to tell whether a decrypted identity is still current.
   */
  @Transactional(readOnly = true)
  public Map<UUID, Set<String>> activeKids(Collection<UUID> tenantIds) {
    Map<UUID, Set<String>> kids = new HashMap<>();
    if (tenantIds.isEmpty()) {
      return kids;
    }
    for (TenantKeyRepository.ActiveKid active : keys.findActiveKids(tenantIds)) {
      kids.computeIfAbsent(active.getTenantId(), tenant -> new HashSet<>()).add(active.getKid());
    }
    return kids;
  }

  /** Every key of the tenant, oldest first, public parts only. */
  @Transactional(readOnly = true)
  public List<TenantKey> list(UUID tenantId) {
    return keys.findByTenantIdOrderByCreatedAtAsc(tenantId).stream()
        .map(TenantKeyEntity::toKey)
        .toList();
  }

  /**
   * Completes a rotation of the key on the usage's default curve: the ACTIVE key is RETIRED, the
   * PENDING one ACTIVE.
   */
  @Transactional
  public void promotePending(UUID tenantId, KeyUse usage, Instant now) {
    promotePending(tenantId, usage, defaultCurve(usage), now);
  }

  /**
   * Completes a rotation or the addition of a curve: the ACTIVE key of {@code usage} on {@code
   * curve} (if any) is RETIRED, the PENDING one ACTIVE.
   */
  @Transactional
  public void promotePending(UUID tenantId, KeyUse usage, KeyCurve curve, Instant now) {
    TenantKeyEntity pending =
        keys.findByTenantIdAndUsageAndCurveAndStatus(
                tenantId, usage, curve, TenantKeyStatus.PENDING)
            .orElseThrow();
    keys.findByTenantIdAndUsageAndCurveAndStatus(tenantId, usage, curve, TenantKeyStatus.ACTIVE)
        .ifPresent(active -> active.retire(now));
    keys.flush();
    pending.activate(now);
  }

  /** The curve a usage's keys have unless one is named: X25519 and Ed25519. */
  public static KeyCurve defaultCurve(KeyUse usage) {
    return usage == KeyUse.COMMUNICATION ? KeyCurve.X25519 : KeyCurve.ED25519;
  }

  private KeyPairJwk decrypt(TenantKeyEntity entity, KeyUse usage) {
    String json =
        cipher.decryptString(
            AtRestPurpose.TENANT_PRIVATE_KEY, entity.id(), entity.privateJwkCiphertext());
    try {
      return KeyPairJwk.parse(json, usage);
    } catch (KeyRejectedException e) {
      throw new IllegalStateException("stored key " + entity.kid() + " is not a valid key pair");
    }
  }
}
