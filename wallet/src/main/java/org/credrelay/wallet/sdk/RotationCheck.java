package org.credrelay.wallet.sdk;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.keyhistory.KeyHistoryException;
import org.credrelay.keyhistory.KeyHistoryVerifier;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.VerifiedKeyHistory;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryResponse;
import org.credrelay.proto.keyregistry.v1.KeyEvent;
import org.credrelay.proto.keyregistry.v1.KeyEventType;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;

/**
 * Checks a key rotation announcement against the key registry (PROTOCOL.md section 7.3) before the
 * wallet re-pins: the owner's whole key event log is fetched and verified ({@link
 * KeyHistoryVerifier}: hash chain, signatures, every change authorised by the owner's own keys),
 * and it must contain a ROTATED event from the pinned key to the announced one, whose key is ACTIVE
 * now with exactly the announced public key. The smallest check key rotation needs, in one class;
 * pinning the log head across calls (S8) is the key history client's job.
 */
final class RotationCheck {

  /** Page size asked for; the registry's default maximum. */
  private static final int PAGE = 1000;

  private final Channel registry;
  private final Duration timeout;
  private final Clock clock;
  private final KeyHistoryVerifier verifier = new KeyHistoryVerifier();

  /**
   * @param registry channel to the key registry, or null (every check then fails)
   */
  RotationCheck(Channel registry, Duration timeout, Clock clock) {
    this.registry = registry;
    this.timeout = timeout;
    this.clock = clock;
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
   * @param owner the issuer's DID or the holder's connection id
   * @param oldKeyId the key pinned for the owner
   * @param announced the key the announcement names
   */
  Confirmed confirm(String owner, String oldKeyId, PublicKeyJwk announced) throws Refused {
    List<KeyEvent> events = history(owner);
    VerifiedKeyHistory verified = verify(owner, events);
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
    VerifiedKeyHistory.KeyState added = verified.key(announced.kid()).orElseThrow();
    if (!added.publicKey().thumbprint().equals(announced.thumbprint())) {
      throw new Refused("the registry holds another public key under " + announced.kid());
    }
    if (added.statusAt(clock.instant()) != KeyStatus.ACTIVE) {
      throw new Refused("the announced key " + announced.kid() + " is not ACTIVE at the registry");
    }
    Instant oldRevokedAt = verified.key(oldKeyId).map(k -> k.revokedAt()).orElse(null);
    return new Confirmed(added.addedAt(), oldRevokedAt);
  }

  /** True if the verified key history says {@code keyId} of {@code owner} is ACTIVE now. */
  boolean activeNow(String owner, String keyId) throws Refused {
    return verify(owner, history(owner))
        .key(keyId)
        .map(k -> k.statusAt(clock.instant()) == KeyStatus.ACTIVE)
        .orElse(false);
  }

  private VerifiedKeyHistory verify(String owner, List<KeyEvent> events) throws Refused {
    try {
      return verifier.verify(KeyOwner.ofStoredId(owner), events, null, null);
    } catch (KeyHistoryException e) {
      throw new Refused("the registry's key history does not verify: " + e.getMessage());
    }
  }

  private List<KeyEvent> history(String owner) throws Refused {
    if (registry == null) {
      throw new Refused("no key registry is configured (keyRegistryTarget)");
    }
    List<KeyEvent> events = new ArrayList<>();
    try {
      while (true) {
        GetKeyHistoryRequest.Builder request =
            GetKeyHistoryRequest.newBuilder().setFromSequence(events.size() + 1L).setLimit(PAGE);
        if (owner.startsWith("did:")) {
          request.setDid(owner);
        } else {
          request.setConnectionId(owner);
        }
        GetKeyHistoryResponse page =
            KeyRegistryServiceGrpc.newBlockingStub(registry)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getKeyHistory(request.build());
        events.addAll(page.getEventsList());
        if (page.getEventsCount() < PAGE || events.size() >= page.getHead().getSequence()) {
          return events;
        }
      }
    } catch (StatusRuntimeException e) {
      throw new Refused("the key registry did not answer: " + e.getStatus().getCode());
    }
  }
}
