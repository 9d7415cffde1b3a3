package org.credrelay.issuergateway.stream.service;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.stream.store.StreamCursorStore;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.service.IssuerKeyring;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's stream: opens {@code GetMessageStream}, handles each message and then acknowledges
 * it, so the connector deletes it (PROTOCOL.md 5.9). Handlers commit their effects before they
 * return, so a message is acknowledged only once it is processed durably. Any failure ends this
 * attempt; the supervisor reconnects after a backoff and the connector delivers every
 * unacknowledged message again, in order (at-least-once; handlers are idempotent).
 *
 * <p>The persisted cursor is kept for connectors without AcknowledgeMessages (UNIMPLEMENTED): then
 * the cursor moves after each message and the stream resumes after it, as before. While the
 * connector acknowledges, the cursor does not move, so the stream opens from the head (or from a
 * cursor stored before acknowledged delivery, which is still a waiting message).
 */
final class TenantMessageStream {

  private static final Logger LOG = LoggerFactory.getLogger(TenantMessageStream.class);

  private static final Set<Status.Code> UNKNOWN_CURSOR =
      Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND);

  private final UUID tenantId;
  private final ConnectorClient connector;
  private final IssuerKeyring keyring;
  private final StreamCursorStore cursors;
  private final IncomingMessageHandler handler;
  private final Clock clock;
  private volatile Context.CancellableContext context;
  private volatile boolean stopped;

  /** False once the connector answered AcknowledgeMessages with UNIMPLEMENTED. */
  private volatile boolean acknowledging = true;

  private int failures;

  TenantMessageStream(
      UUID tenantId,
      ConnectorClient connector,
      IssuerKeyring keyring,
      StreamCursorStore cursors,
      IncomingMessageHandler handler,
      Clock clock) {
    this.tenantId = tenantId;
    this.connector = connector;
    this.keyring = keyring;
    this.cursors = cursors;
    this.handler = handler;
    this.clock = clock;
  }

  UUID tenantId() {
    return tenantId;
  }

  /** Runs one connection of the stream until it ends; returns normally or throws. */
  void runOnce() {
    Context.CancellableContext attempt = Context.current().withCancellation();
    context = attempt;
    try {
      attempt.run(
          () -> {
            String lastSeen = cursors.lastSeen(tenantId).orElse("");
            // Decrypted once per stream connection, not per acknowledged message (two AES-GCM
            // unwraps and key parses each: a third of this thread's CPU in the e2e profile). After
            // an issuer key rotation a refused acknowledgement ends the connection, and the next
            // one decrypts the new keys.
            IssuerIdentity identity = keyring.identity(tenantId);
            Iterator<GetMessageStreamResponse> responses =
                connector.messageStream(identity, lastSeen);
            boolean received = false;
            try {
              while (!stopped && responses.hasNext()) {
                GetMessageStreamResponse response = responses.next();
                received = true;
                failures = 0;
                if (response.hasMessage()) {
                  ReceivedMessage message = response.getMessage();
                  handler.handle(tenantId, message);
                  acknowledge(identity, message);
                }
              }
            } catch (StatusRuntimeException e) {
              if (!received
                  && !lastSeen.isEmpty()
                  && UNKNOWN_CURSOR.contains(e.getStatus().getCode())) {
                // The connector does not know our cursor (e.g. its data was reset): start over;
                // handlers
                // are idempotent, so replaying the backlog is safe.
                LOG.warn(
                    "connector refused the stream cursor of tenant {} ({}); restarting from the "
                        + "beginning",
                    tenantId,
                    e.getStatus().getCode());
                cursors.reset(tenantId);
              }
              throw e;
            }
          });
    } finally {
      attempt.cancel(null);
    }
  }

  private void acknowledge(IssuerIdentity identity, ReceivedMessage message) {
    if (acknowledging) {
      try {
        connector.acknowledge(identity, List.of(message.getId()));
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
          throw e; // reconnect; the message comes again and is handled again (idempotent)
        }
        acknowledging = false;
        LOG.info("connector does not acknowledge messages; tenant {} uses its cursor", tenantId);
      }
    }
    cursors.advance(tenantId, message.getId(), clock.instant());
  }

  /** The delay before the next attempt after this one ended (exponential, capped). */
  Duration nextDelay(Duration initial, Duration max, RuntimeException failure) {
    if (failure != null) {
      failures++;
      String cause =
          failure instanceof StatusRuntimeException status
              ? status.getStatus().getCode().name()
              : failure.getClass().getSimpleName();
      LOG.info(
          "message stream of tenant {} ended ({}); reconnecting, attempt {}",
          tenantId,
          cause,
          failures);
    }
    long factor = 1L << Math.min(Math.max(failures - 1, 0), 20);
    Duration delay = initial.multipliedBy(factor);
    return delay.compareTo(max) > 0 ? max : delay;
  }

  void stop() {
    stopped = true;
    Context.CancellableContext current = context;
    if (current != null) {
      current.cancel(null);
    }
  }

  boolean stopped() {
    return stopped;
  }
}
