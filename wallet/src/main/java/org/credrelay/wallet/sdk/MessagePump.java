package org.credrelay.wallet.sdk;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.wallet.connector.ConnectorClient;
import org.credrelay.wallet.connector.MessageFeed;
import org.credrelay.wallet.connector.MessagePage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches messages from the connector and hands them to the wallet, in order, on the calling
 * thread: {@link #drain} pages through what is there, {@link #follow} reads the stream. Messages
 * that are already there are handed over together (a page, or what the stream has buffered), so the
 * wallet saves once per group instead of once per message.
 *
 * <p><b>Acknowledged delivery (PROTOCOL.md 5.9).</b> After the handler has saved a group, the pump
 * acknowledges every processed message the wallet has not acknowledged yet (the handler records
 * them in the same save); the connector deletes them. It therefore always reads from the head of
 * the queue (empty last seen id): what the connector still delivers is exactly what was not
 * acknowledged, in order, including messages whose acknowledgement a crash or an outage prevented
 * (the wallet recognizes those and shows them once). Against a connector that does not know
 * AcknowledgeMessages (UNIMPLEMENTED) the pump falls back to resuming after the persisted last seen
 * id, as before.
 *
 * <p>Never stuck by its own limits: paging goes on while the connector says {@code has_more}, and a
 * page refused as too large (RESOURCE_EXHAUSTED, e.g. from a connector without the byte bound of
 * PROTOCOL.md 5.5) is asked for again with half the limit, down to one message.
 */
final class MessagePump {

  private static final Logger log = LoggerFactory.getLogger(MessagePump.class);
  static final int PAGE_SIZE = 100;
  private static final Duration POLL_SLICE = Duration.ofMillis(200);

  /** A stream that lived this long was connected, so the next drop starts a fresh backoff. */
  private static final Duration ESTABLISHED_AFTER = Duration.ofSeconds(2);

  /**
   * The wallet's processed but unacknowledged message ids ({@code pending}) and what to do once the
   * connector confirmed them ({@code confirmed}).
   */
  record Acknowledgements(Supplier<List<String>> pending, Consumer<List<String>> confirmed) {}

  private final ConnectorClient connector;
  private final Supplier<String> lastSeen;
  private final Function<List<ReceivedMessage>, List<WalletEvent>> handler;

  /** Runs after a group's events reached the listener (the saved credentials' receipts). */
  private final Runnable afterEvents;

  private final Acknowledgements acknowledgements;
  private final BooleanSupplier stopRequested;
  private final Supplier<ReconnectBackoff> backoffs;

  /** False once the connector answered AcknowledgeMessages with UNIMPLEMENTED. */
  private volatile boolean acknowledging = true;

  MessagePump(
      ConnectorClient connector,
      Supplier<String> lastSeen,
      Function<List<ReceivedMessage>, List<WalletEvent>> handler,
      Runnable afterEvents,
      Acknowledgements acknowledgements,
      BooleanSupplier stopRequested,
      Supplier<ReconnectBackoff> backoffs) {
    this.connector = connector;
    this.lastSeen = lastSeen;
    this.handler = handler;
    this.afterEvents = afterEvents;
    this.acknowledgements = acknowledgements;
    this.stopRequested = stopRequested;
    this.backoffs = backoffs;
  }

  /** Pages through every message after the last seen id (GetMessagesPaginated). */
  ReceiveSummary drain(WalletListener listener) {
    ReceiveSummary.Counter counter = new ReceiveSummary.Counter();
    try {
      drainPages(listener, counter, () -> false, () -> {});
    } catch (StatusRuntimeException e) {
      throw Errors.connector(e, "listing messages", connector.target());
    }
    return counter.summary();
  }

  /**
   * Reads the stream until {@code maxDuration} passes (null: no limit), {@code done} turns true
   * after a message, or a stop is requested. When the connector goes away or the stream breaks, it
   * reports the loss to the listener and reconnects with backoff for as long as it runs: first a
   * catch-up by pages (whose answer proves the connector is back), then the stream again. Only a
   * refusal that retrying cannot change (e.g. PERMISSION_DENIED) ends it with an exception.
   */
  ReceiveSummary follow(WalletListener listener, Duration maxDuration, BooleanSupplier done) {
    ReceiveSummary.Counter counter = new ReceiveSummary.Counter();
    long deadline =
        maxDuration == null ? Long.MAX_VALUE : System.nanoTime() + maxDuration.toNanos();
    ReconnectBackoff backoff = backoffs.get();
    boolean lost = false;
    while (running(done, deadline)) {
      if (lost) {
        connector.reconnectNow();
        try {
          drainPages(
              listener,
              counter,
              done,
              () -> {
                log.info("Connector at {} is back", connector.target());
                listener.onConnectorRestored();
              });
        } catch (StatusRuntimeException e) {
          // Not back yet (or lost again during the catch-up, then reported as a new loss).
          retryLater(e.getStatus(), "listing messages", listener, backoff, deadline);
          continue;
        }
        lost = false;
        continue;
      }
      Status ended = readStream(listener, counter, deadline, done, backoff);
      if (ended == null) {
        break; // stopped, done or out of time
      }
      if (ended.isOk()) {
        // The server completed the stream (not an outage): open it again after a short pause.
        pause(backoffs.get().nextDelay(), deadline);
        continue;
      }
      retryLater(ended, "reading the message stream", listener, backoff, deadline);
      lost = true;
    }
    return counter.summary();
  }

  /**
   * Pages until the connector has no more; a failed call's status is thrown as is. {@code
   * firstAnswer} runs once, when the connector first answers (before its messages are handed over).
   */
  private void drainPages(
      WalletListener listener,
      ReceiveSummary.Counter counter,
      BooleanSupplier done,
      Runnable firstAnswer) {
    int limit = PAGE_SIZE;
    boolean answered = false;
    acknowledgeLeftovers();
    while (!stopRequested.getAsBoolean() && !done.getAsBoolean()) {
      MessagePage page;
      try {
        page = connector.messagesAfter(cursor(), limit);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED || limit == 1) {
          throw e;
        }
        limit = Math.max(1, limit / 2);
        log.info(
            "A page of messages was refused as too large ({}); asking for {} at a time",
            e.getStatus().getDescription(),
            limit);
        continue;
      }
      if (!answered) {
        answered = true;
        firstAnswer.run();
      }
      if (!page.messages().isEmpty()) {
        deliver(page.messages(), listener, counter);
        acknowledgePending();
      }
      if (!page.askAgain(limit)) {
        break;
      }
    }
  }

  /** One stream, read until it ends (its status) or the run is over (null). */
  private Status readStream(
      WalletListener listener,
      ReceiveSummary.Counter counter,
      long deadline,
      BooleanSupplier done,
      ReconnectBackoff backoff) {
    long openedAt = System.nanoTime();
    acknowledgeLeftovers();
    try (MessageFeed feed = connector.openFeed(cursor())) {
      while (!stopRequested.getAsBoolean() && !done.getAsBoolean()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return null;
        }
        MessageFeed.Event event = feed.next(min(POLL_SLICE, remaining));
        if (event instanceof MessageFeed.Message m) {
          backoff.reset();
          List<ReceivedMessage> arrived = new ArrayList<>();
          arrived.add(m.message());
          arrived.addAll(feed.arrivedMessages(PAGE_SIZE - 1));
          deliver(arrived, listener, counter);
          try {
            acknowledgePending();
          } catch (StatusRuntimeException e) {
            return e.getStatus(); // reconnect: unacknowledged messages come again, shown once
          }
        } else if (event instanceof MessageFeed.KeepAlive) {
          backoff.reset();
        } else if (event instanceof MessageFeed.Ended e) {
          if (System.nanoTime() - openedAt >= ESTABLISHED_AFTER.toNanos()) {
            backoff.reset();
          }
          return e.status();
        }
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Where to read from: the head of the queue while acknowledging (PROTOCOL.md 5.9), else after the
   * persisted last seen id.
   */
  private String cursor() {
    return acknowledging ? "" : lastSeen.get();
  }

  /**
   * Before reading: acknowledges what a crash or an outage left unacknowledged. A failure does not
   * stop the read: the connector then delivers those messages again, the wallet recognizes them
   * (shown once) and they are acknowledged after that group.
   */
  private void acknowledgeLeftovers() {
    try {
      acknowledgePending();
    } catch (StatusRuntimeException e) {
      log.info(
          "Acknowledging earlier messages at {} failed ({}); they will come again",
          connector.target(),
          Errors.describe(e.getStatus()));
    }
  }

  /**
   * Acknowledges what the wallet has processed and saved but not acknowledged yet; a failure is
   * thrown as is (nothing is forgotten then, so the next attempt repeats it).
   */
  private void acknowledgePending() {
    List<String> pending = acknowledgements.pending().get();
    if (pending.isEmpty()) {
      return;
    }
    if (acknowledging) {
      try {
        for (int from = 0; from < pending.size(); from += ConnectorClient.MAX_ACKNOWLEDGED_IDS) {
          connector.acknowledge(
              pending.subList(
                  from, Math.min(pending.size(), from + ConnectorClient.MAX_ACKNOWLEDGED_IDS)));
        }
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
          throw e;
        }
        acknowledging = false;
        log.info(
            "Connector at {} does not acknowledge messages; resuming after the last seen id",
            connector.target());
      }
    }
    acknowledgements.confirmed().accept(pending);
  }

  /** Waits before the next attempt, or throws if retrying cannot help. */
  private void retryLater(
      Status status,
      String action,
      WalletListener listener,
      ReconnectBackoff backoff,
      long deadline) {
    if (!isOutage(status.getCode())) {
      throw Errors.connector(status.asRuntimeException(), action, connector.target());
    }
    Duration delay = backoff.nextDelay();
    String detail = Errors.describe(status);
    log.info(
        "Connector at {} unavailable while {} ({}); retrying in {} ms",
        connector.target(),
        action,
        detail,
        delay.toMillis());
    listener.onConnectorLost(backoff.failures(), detail, delay);
    pause(delay, deadline);
  }

  /**
   * Failures that a connector coming back (or a less busy one) cures. A refused signature or
   * permission is not among them: retrying it forever would hide a real problem.
   */
  private static boolean isOutage(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE,
          DEADLINE_EXCEEDED,
          CANCELLED,
          ABORTED,
          INTERNAL,
          UNKNOWN,
          RESOURCE_EXHAUSTED ->
          true;
      default -> false;
    };
  }

  private boolean running(BooleanSupplier done, long deadline) {
    return !stopRequested.getAsBoolean() && !done.getAsBoolean() && System.nanoTime() < deadline;
  }

  private void deliver(
      List<ReceivedMessage> messages, WalletListener listener, ReceiveSummary.Counter counter) {
    try {
      for (WalletEvent event : handler.apply(messages)) {
        counter.add(event);
        listener.onEvent(event);
      }
    } finally {
      // After the listener saw the saved messages: a round trip (the delivery receipts) would
      // only delay what the holder sees.
      afterEvents.run();
    }
  }

  /** Waits, in slices so that a stop request ends the wait early. */
  private void pause(Duration pause, long deadline) {
    long until = Math.min(deadline, System.nanoTime() + pause.toNanos());
    try {
      while (!stopRequested.getAsBoolean() && System.nanoTime() < until) {
        long left = until - System.nanoTime();
        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(Math.min(POLL_SLICE.toNanos(), left));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration min(Duration slice, long remainingNanos) {
    return remainingNanos < slice.toNanos() ? Duration.ofNanos(remainingNanos) : slice;
  }
}
