package org.credrelay.issuergateway.connection.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.List;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.store.HolderKeyHistoryStore;
import org.credrelay.issuergateway.connectorclient.KeyRegistryClient;
import org.credrelay.keyhistory.KeyHistoryException;
import org.credrelay.keyhistory.KeyHistoryVerifier;
import org.credrelay.keyhistory.KeyLogReader;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyhistory.VerifiedKeyHistory;
import org.credrelay.proto.keyregistry.v1.KeyEvent;
import org.springframework.stereotype.Component;

/**
 * S8 for the holder keys the gateway pins: fetches the key event log of the connection (owner: the
 * connector's connection id) from the key registry, verifies it with {@code key-history}'s {@link
 * KeyHistoryVerifier} against the head verified before for this connection, and remembers the new
 * head when it moved. A log that is rewritten, truncated, rolled back, badly signed or reactivates
 * a retired key is {@link Result.Rejected}. A log the registry no longer knows (NOT_FOUND) is
 * verified as empty, so it is rejected once a head was pinned.
 */
@Component
public class HolderKeyHistoryCheck {

  /** Outcome of a verification. */
  public sealed interface Result {
    /**
     * The log verified and extends the pinned head; {@code events} is the log as verified (for
     * links a key state does not carry, such as which key a ROTATED event replaced).
     */
    record Verified(VerifiedKeyHistory history, List<KeyEvent> events) implements Result {}

    /** The log failed verification (see {@code detail}). */
    record Rejected(String detail) implements Result {}
  }

  private final KeyRegistryClient registry;
  private final HolderKeyHistoryStore heads;
  private final KeyHistoryVerifier verifier = new KeyHistoryVerifier();
  private final Clock clock;

  public HolderKeyHistoryCheck(
      KeyRegistryClient registry, HolderKeyHistoryStore heads, Clock clock) {
    this.registry = registry;
    this.heads = heads;
    this.clock = clock;
  }

  /**
   * @throws StatusRuntimeException if the key registry could not be asked
   */
  public Result verify(Connection connection) {
    String owner = connection.connectorConnectionId();
    KeyLogReader.FetchedLog fetched;
    try {
      fetched = registry.keyHistory(owner);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
      fetched = new KeyLogReader.FetchedLog(List.of(), null);
    }
    LogHead pinned = heads.pinned(connection.id()).orElse(null);
    try {
      VerifiedKeyHistory history =
          verifier.verify(
              new KeyOwner(OwnerType.CONNECTION, owner),
              fetched.events(),
              pinned,
              fetched.reportedHead());
      // Written only when the head moved: a busy connection is checked every few seconds, and a
      // write per check was a durable commit per check for nothing.
      if (history.head().sequence() > 0 && !history.head().equals(pinned)) {
        heads.remember(connection.id(), history.head(), clock.instant());
      }
      return new Result.Verified(history, fetched.events());
    } catch (KeyHistoryException e) {
      return new Result.Rejected(e.getMessage());
    }
  }
}
