package org.credrelay.issuergateway.connection.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connectorclient.KeyRegistryClient;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.VerifiedKeyHistory;
import org.credrelay.proto.keyregistry.v1.RegisteredKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Before each credential is sealed: is the pinned holder communication key still an ACTIVE key of
 * the connection according to the key registry ({@code GetActiveKeys} by the connector's connection
 * id)? The registry, not the connector, is asked: the connector is the untrusted party that stores
 * and forwards the messages, while the registry holds the keys' life cycle (a key the holder
 * revoked is REVOKED there). Whatever the registry serves is still compared with the pinned key
 * material: anything but the pinned key under the pinned kid is a disagreement. A confirmation is
 * reused for {@code gateway.delivery.holder-key-max-age} ({@link HolderKeyConfirmations}); any
 * other answer is never reused. Before the registry's current answer, the connection's key history
 * is fetched and verified against the head verified before ({@link HolderKeyHistoryCheck}, S8): a
 * rejected history, or one that does not hold the pinned key ACTIVE, decides at once.
 *
 * <p>A confirmation in the last quarter of its max age is refreshed ahead, on a background thread
 * ({@link HolderKeyConfirmations#claimRefresh}): the deliveries of a busy connection are not held
 * up by the registry's round trips while its answer stays the same. An answer other than a
 * confirmation drops the remembered one, so the next delivery runs the check itself and records its
 * outcome; a registry that cannot be asked leaves the confirmation to expire.
 */
@Component
public class PinnedKeyVerifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PinnedKeyVerifier.class);

  /** Outcome of the check. */
  public sealed interface Result {
    /** The pinned key is listed as ACTIVE. */
    record Confirmed(PublicKeyJwk pinned) implements Result {}

    /** The registry lists no ACTIVE communication key of the connection (revoked by the holder). */
    record NoActiveKey(String detail) implements Result {}

    /** The registry lists other key material than the pinned key. */
    record Mismatch(String detail) implements Result {}

    /**
     * The key history of the holder's keys failed verification (S8): rewritten, truncated, rolled
     * back, or a retired key active again.
     */
    record HistoryInvalid(String detail) implements Result {}
  }

  private final KeyRegistryClient registry;
  private final HolderKeyConfirmations confirmations;
  private final HolderKeyHistoryCheck histories;
  private final Clock clock;
  private final ExecutorService refresher =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "gw-holder-key-refresh");
            thread.setDaemon(true);
            return thread;
          });

  public PinnedKeyVerifier(
      KeyRegistryClient registry,
      HolderKeyConfirmations confirmations,
      HolderKeyHistoryCheck histories,
      Clock clock) {
    this.registry = registry;
    this.confirmations = confirmations;
    this.histories = histories;
    this.clock = clock;
  }

  /**
   * @throws StatusRuntimeException if the key registry could not be asked
   */
  public Result check(Connection connection) {
    PublicKeyJwk pinned = pinnedCommunicationKey(connection);
    if (confirmations.fresh(connection.id(), pinned.kid())) {
      if (confirmations.claimRefresh(connection.id(), pinned.kid())) {
        refreshAhead(connection, pinned);
      }
      return new Result.Confirmed(pinned);
    }
    Result result = checkNow(connection, pinned);
    if (result instanceof Result.Confirmed) {
      confirmations.confirmed(connection.id(), pinned.kid());
    }
    return result;
  }

  private Result checkNow(Connection connection, PublicKeyJwk pinned) {
    Result result = inHistory(connection, pinned);
    return result != null ? result : ask(connection, pinned);
  }

  private void refreshAhead(Connection connection, PublicKeyJwk pinned) {
    try {
      refresher.execute(
          () -> {
            try {
              if (checkNow(connection, pinned) instanceof Result.Confirmed) {
                confirmations.confirmed(connection.id(), pinned.kid());
              } else {
                confirmations.forget(connection.id());
              }
            } catch (RuntimeException e) {
              log.debug(
                  "Refreshing the holder key confirmation of connection {} failed: {}",
                  connection.id(),
                  e.toString());
            } finally {
              confirmations.refreshDone(connection.id());
            }
          });
    } catch (RejectedExecutionException e) {
      confirmations.refreshDone(connection.id()); // shutting down
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }

  /**
   * The connector refused a message sealed to the pinned key (perhaps no longer ACTIVE): the next
   * check asks again instead of trusting the last confirmation until it expires.
   */
  public void distrustConfirmation(UUID connectionId) {
    confirmations.forget(connectionId);
  }

  /**
   * The verified key history's verdict on the pinned key (S8), or null if it stands (ACTIVE, same
   * material) and the registry's current answer decides.
   */
  private Result inHistory(Connection connection, PublicKeyJwk pinned) {
    HolderKeyHistoryCheck.Result checked = histories.verify(connection);
    if (checked instanceof HolderKeyHistoryCheck.Result.Rejected rejected) {
      return new Result.HistoryInvalid(rejected.detail());
    }
    VerifiedKeyHistory history = ((HolderKeyHistoryCheck.Result.Verified) checked).history();
    VerifiedKeyHistory.KeyState key = history.key(pinned.kid()).orElse(null);
    if (key == null || !key.publicKey().sameKeyAs(pinned)) {
      return new Result.Mismatch(
          "the verified key history of the holder does not hold the pinned key " + pinned.kid());
    }
    if (key.statusAt(clock.instant()) != KeyStatus.ACTIVE) {
      return new Result.NoActiveKey(
          "the key registry lists no ACTIVE communication key of the holder: its verified key"
              + " history shows the pinned key "
              + pinned.kid()
              + " revoked");
    }
    return null;
  }

  private Result ask(Connection connection, PublicKeyJwk pinned) {
    List<RegisteredKey> listed;
    try {
      listed = registry.activeCommunicationKeys(connection.connectorConnectionId());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
      listed = List.of();
    }
    if (listed.isEmpty()) {
      return new Result.NoActiveKey(
          "the key registry lists no ACTIVE communication key of the holder");
    }
    for (RegisteredKey key : listed) {
      if (!key.getKeyId().equals(pinned.kid())) {
        continue;
      }
      try {
        PublicKeyJwk served = Keys.parsePublic(key.getPublicKey().getJwk(), KeyUse.COMMUNICATION);
        return served.sameKeyAs(pinned)
            ? new Result.Confirmed(pinned)
            : new Result.Mismatch(
                "the key registry serves other key material under the pinned kid " + pinned.kid());
      } catch (KeyRejectedException e) {
        return new Result.Mismatch(
            "the key registry serves an invalid key under the pinned kid " + pinned.kid());
      }
    }
    return new Result.Mismatch(
        "the pinned holder key "
            + pinned.kid()
            + " is not among the holder's ACTIVE keys at the key registry");
  }

  /** The pinned holder communication key of a VERIFIED connection. */
  public static PublicKeyJwk pinnedCommunicationKey(Connection connection) {
    try {
      return Keys.parsePublic(connection.pinnedCommJwk(), KeyUse.COMMUNICATION)
          .withKid(connection.pinnedCommKid());
    } catch (KeyRejectedException | RuntimeException e) {
      throw new IllegalStateException("connection " + connection.id() + " has no valid pinned key");
    }
  }
}
