package org.credrelay.wallet.sdk;

import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.List;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.keyhistory.KeyHistoryException;
import org.credrelay.keyhistory.KeyHistoryVerifier;
import org.credrelay.keyhistory.KeyLogReader;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.proto.keyregistry.v1.KeyEvent;
import org.credrelay.proto.keyregistry.v1.KeyEventType;
import org.credrelay.wallet.registry.IssuerKeyHistory;
import org.credrelay.wallet.registry.KeyCheck;
import org.credrelay.wallet.registry.KeyRegistryClient;

/**
 * Checks a key rotation announcement against the key registry (PROTOCOL.md section 7.3) before the
 * wallet re-pins. The issuer's key history ({@link IssuerKeyHistory}: S8, pinned head) must show
 * the announced key ACTIVE with exactly the announced public key, and the verified log must hold a
 * ROTATED event from the pinned key to the announced one (the link a key state alone does not
 * carry, so the log is read once more here and verified the same way).
 */
final class RotationCheck {

  private final KeyRegistryClient registry;
  private final IssuerKeyHistory history;
  private final KeyHistoryVerifier verifier = new KeyHistoryVerifier();

  /**
   * @param registry the key registry, or null (every announcement is then refused)
   */
  RotationCheck(KeyRegistryClient registry, IssuerKeyHistory history) {
    this.registry = registry;
    this.history = history;
  }

  /** A rotation the registry confirms. {@code oldKeyRevokedAt}: null if not (yet) scheduled. */
  record Confirmed(Instant rotatedAt, Instant oldKeyRevokedAt) {}

  /** Why the registry does not confirm a rotation (the pin is kept). */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * @param owner the issuer's DID
   * @param oldKeyId the key pinned for the owner
   * @param announced the key the announcement names
   */
  Confirmed confirm(String owner, String oldKeyId, PublicKeyJwk announced) throws Refused {
    if (registry == null) {
      throw new Refused("no key registry is configured (--key-registry)");
    }
    KeyCheck added = history.check(owner, announced.kid());
    if (added.status() != KeyCheck.Status.ACTIVE) {
      throw new Refused(
          "the announced key " + announced.kid() + " is " + added.status() + ": " + added.detail());
    }
    if (!added.key().publicKey().thumbprint().equals(announced.thumbprint())) {
      throw new Refused("the registry holds another public key under " + announced.kid());
    }
    List<KeyEvent> events = verifiedLog(owner);
    boolean linked =
        events.stream()
            .anyMatch(
                e ->
                    e.getType() == KeyEventType.KEY_EVENT_TYPE_ROTATED
                        && e.getKeyId().equals(announced.kid())
                        && e.getReplacedKeyId().equals(oldKeyId));
    if (!linked) {
      throw new Refused(
          "the registry's key history has no rotation from " + oldKeyId + " to " + announced.kid());
    }
    Instant oldRevokedAt =
        history.cached(owner, oldKeyId).keyState().map(k -> k.revokedAt()).orElse(null);
    return new Confirmed(added.key().addedAt(), oldRevokedAt);
  }

  /** True if the issuer's verified key history says {@code keyId} is ACTIVE now. */
  boolean activeNow(String owner, String keyId) {
    return history.check(owner, keyId).status() == KeyCheck.Status.ACTIVE;
  }

  private List<KeyEvent> verifiedLog(String owner) throws Refused {
    try {
      KeyLogReader.FetchedLog log = registry.history(owner);
      // Verified, not trusted as served: only a log that verifies may prove the link.
      verifier.verify(KeyOwner.ofStoredId(owner), log.events(), null, log.reportedHead());
      return log.events();
    } catch (StatusRuntimeException e) {
      throw new Refused("the key registry did not answer: " + e.getStatus().getCode());
    } catch (KeyHistoryException e) {
      throw new Refused("the registry's key history does not verify: " + e.getMessage());
    }
  }
}
