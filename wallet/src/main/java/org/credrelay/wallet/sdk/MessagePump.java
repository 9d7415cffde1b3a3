package org.credrelay.wallet.sdk;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
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
 * thread: {@link #drain} pages through what is there, {@link #follow} reads the stream. Both resume
 * after the persisted last seen id. Messages that are already there are handed over together (a
 * page, or what the stream has buffered), so the wallet saves once per group instead of once per
 * message; the handler advances the last seen id in the same save.
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

  private final ConnectorClient connector;
  private final Supplier<String> lastSeen;
  private final Function<List<ReceivedMessage>, List<WalletEvent>> handler;
  private final BooleanSupplier stopRequested;
  private final Supplier<ReconnectBackoff> backoffs;

  MessagePump(
      ConnectorClient connector,
      Supplier<String> lastSeen,
      Function<List<ReceivedMessage>, List<WalletEvent>> handler,
      BooleanSupplier stopRequested,
      Supplier<ReconnectBackoff> backoffs) {
    this.connector = connector;
    this.lastSeen = lastSeen;
    this.handler = handler;
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
    while (!stopRequested.getAsBoolean() && !done.getAsBoolean()) {
      MessagePage page;
      try {
        page = connector.messagesAfter(lastSeen.get(), limit);
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
    try (MessageFeed feed = connector.openFeed(lastSeen.get())) {
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
    for (WalletEvent event : handler.apply(messages)) {
      counter.add(event);
      listener.onEvent(event);
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
