package org.credrelay.issuergateway.delivery.service;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.service.PinnedKeyVerifier;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;

/**
 * What the seal stage needs to know about the connections of one claimed batch, read once per batch
 * instead of once per delivery: the connections (with their pinned holder keys), which have their
 * handshake reply SENT, when their oldest unsent key rotation announcement was queued, and the
 * pinned-key check ({@link PinnedKeyVerifier}) made once per connection. Reading before the seals
 * changes nothing: nothing in the batch is sent before every delivery of it is sealed.
 */
final class DeliveryBatchView {

  private final Map<UUID, Connection> connections;
  private final Set<UUID> handshakeRepliesSent;
  private final Map<UUID, Instant> oldestUnsentKeyRotation;
  private final Map<UUID, CompletableFuture<PinnedKeyVerifier.Result>> keyChecks =
      new ConcurrentHashMap<>();

  DeliveryBatchView(
      Map<UUID, Connection> connections,
      Set<UUID> handshakeRepliesSent,
      Map<UUID, Instant> oldestUnsentKeyRotation) {
    this.connections = connections;
    this.handshakeRepliesSent = handshakeRepliesSent;
    this.oldestUnsentKeyRotation = oldestUnsentKeyRotation;
  }

  /** The delivery's connection, if it exists and belongs to the delivery's tenant. */
  Optional<Connection> connection(ClaimedDelivery delivery) {
    return Optional.ofNullable(connections.get(delivery.connectionId()))
        .filter(connection -> connection.tenantId().equals(delivery.tenantId()));
  }

  boolean handshakeReplySent(UUID connectionId) {
    return handshakeRepliesSent.contains(connectionId);
  }

  /** Whether an announcement queued before {@code before} (null: any) is not SENT yet. */
  boolean keyRotationUnsent(UUID connectionId, Instant before) {
    Instant oldest = oldestUnsentKeyRotation.get(connectionId);
    return oldest != null && (before == null || oldest.isBefore(before));
  }

  /**
   * The pinned-key check of {@code connection}, made by {@code check} for the first delivery of the
   * connection in this batch and reused by the others (concurrent ones wait for it). A check that
   * throws (the registry could not be asked) is not remembered: a waiting delivery then checks
   * itself. The check runs outside the map's locks (not in {@code computeIfAbsent}), so a slow
   * registry call for one connection holds up only that connection's deliveries.
   */
  PinnedKeyVerifier.Result keyCheck(
      Connection connection, Function<Connection, PinnedKeyVerifier.Result> check) {
    while (true) {
      CompletableFuture<PinnedKeyVerifier.Result> mine = new CompletableFuture<>();
      CompletableFuture<PinnedKeyVerifier.Result> first =
          keyChecks.putIfAbsent(connection.id(), mine);
      if (first == null) {
        try {
          PinnedKeyVerifier.Result result = check.apply(connection);
          mine.complete(result);
          return result;
        } catch (RuntimeException e) {
          keyChecks.remove(connection.id(), mine);
          mine.completeExceptionally(e);
          throw e;
        }
      }
      try {
        return first.join();
      } catch (CompletionException | CancellationException e) {
        // The first check failed and was forgotten: check again (or wait for whoever does).
      }
    }
  }
}
