package org.credrelay.keyregistry.operator.service;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyhistory.OperatorRevocation;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.history.service.KeyLogWriter;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.keyregistry.key.service.KeyChangeMetrics;
import org.credrelay.keyregistry.key.service.KeyClock;
import org.credrelay.keyregistry.key.service.KeyManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operator revocation of a compromised key (of a DID or a connection), authorised by the operator
 * token instead of a key of the owner. The event records it as such (signer {@value
 * EventAuthorization#OPERATOR_SIGNER}, no signature), so clients see exactly which changes the
 * operator made; the history verifier accepts operator events only as revocations. An operator can
 * thus take keys away (as it could by switching the service off) but never add or substitute one.
 * Unlike a DID's own revocation it may revoke the last authentication key: a stolen key must go
 * even if the DID is then frozen.
 */
@Service
public class OperatorRevocationManager {

  private final KeyManager keys;
  private final KeyLogWriter logWriter;
  private final KeyClock clock;
  private final TransactionTemplate transaction;
  private final KeyChangeMetrics metrics;
  private final SecureRandom random = new SecureRandom();

  public OperatorRevocationManager(
      KeyManager keys,
      KeyLogWriter logWriter,
      KeyClock clock,
      TransactionTemplate transaction,
      KeyChangeMetrics metrics) {
    this.keys = keys;
    this.logWriter = logWriter;
    this.clock = clock;
    this.transaction = transaction;
    this.metrics = metrics;
  }

  public record Revoked(RegisteredKey key, LogHead head) {}

  /**
   * Revokes {@code keyId} now.
   *
   * @throws RegistryException NOT_FOUND, FAILED_PRECONDITION (already revoked), ABORTED
   */
  public Revoked revoke(String keyId, String reason) {
    RegisteredKey found =
        keys.find(keyId)
            .orElseThrow(
                () -> new RegistryException(Reason.UNKNOWN_KEY, "unknown key id " + keyId));
    Revoked result =
        transaction.execute(
            status -> {
              Instant now = clock.now();
              LogHead head = logWriter.lockForChange(found.owner()).orElseThrow();
              RegisteredKey key = keys.find(keyId).orElseThrow();
              if (!key.isActiveAt(now)) {
                throw new RegistryException(Reason.KEY_NOT_ACTIVE, keyId + " is already revoked");
              }
              RegisteredKey revoked = key.revokedAt(now);
              keys.revokeAt(keyId, now);
              EventAuthorization authorization =
                  new EventAuthorization(
                      EventAuthorization.OPERATOR_SIGNER,
                      EventAuthorization.OPERATOR_METHOD,
                      nonce(),
                      now.toEpochMilli(),
                      OperatorRevocation.payload(key.owner().id(), keyId, reason),
                      new byte[0]);
              return new Revoked(
                  revoked,
                  logWriter.after(key.owner(), head, authorization, now).revoked(revoked).finish());
            });
    metrics.committed("operator_revoked");
    return result;
  }

  private String nonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
