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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches messages from the connector and hands them to the wallet, in order, on the calling thread:
 * {@link #drain} pages through what is there, {@link #follow} reads the stream. Both resume after the
 * persisted last seen id. Messages that are already there are handed over together (a page, or what
 * the stream has buffered), so the wallet saves once per group instead of once per message; the
 * handler advances the last seen id in the same save.
 */
final class MessagePump {

  private static final Logger log = LoggerFactory.getLogger(MessagePump.class);
  static final int PAGE_SIZE = 100;
  private static final Duration POLL_SLICE = Duration.ofMillis(200);
  /** A stream that lived this long was connected, so its end is a drop worth reconnecting after. */
  private static final Duration ESTABLISHED_AFTER = Duration.ofSeconds(2);
  private static final int MAX_RECONNECTS = 5;

  private final ConnectorClient connector;
  private final Supplier<String> lastSeen;
  private final Function<List<ReceivedMessage>, List<WalletEvent>> handler;
  private final BooleanSupplier stopRequested;

  MessagePump(ConnectorClient connector, Supplier<String> lastSeen,
      Function<List<ReceivedMessage>, List<WalletEvent>> handler, BooleanSupplier stopRequested) {
    this.connector = connector;
    this.lastSeen = lastSeen;
    this.handler = handler;
    this.stopRequested = stopRequested;
  }

  /** Pages through every message after the last seen id (GetMessagesPaginated). */
  ReceiveSummary drain(WalletListener listener) {
    ReceiveSummary.Counter counter = new ReceiveSummary.Counter();
    while (!stopRequested.getAsBoolean()) {
      List<ReceivedMessage> page;
      try {
        page = connector.messagesAfter(lastSeen.get(), PAGE_SIZE);
      } catch (StatusRuntimeException e) {
        throw Errors.connector(e, "listing messages", connector.target());
      }
      if (!page.isEmpty()) {
        deliver(page, listener, counter);
      }
      if (page.size() < PAGE_SIZE) {
        break;
      }
    }
    return counter.summary();
  }

  /**
   * Reads the stream until {@code maxDuration} passes (null: no limit), {@code done} turns true
   * after a message, or a stop is requested. Reconnects after a dropped stream, a few times.
   */
  ReceiveSummary follow(WalletListener listener, Duration maxDuration, BooleanSupplier done) {
    ReceiveSummary.Counter counter = new ReceiveSummary.Counter();
    long deadline = maxDuration == null ? Long.MAX_VALUE : System.nanoTime() + maxDuration.toNanos();
    int reconnects = 0;
    while (!stopRequested.getAsBoolean() && !done.getAsBoolean() && System.nanoTime() < deadline) {
      long openedAt = System.nanoTime();
      boolean established = false;
      Status ended = null;
      try (MessageFeed feed = connector.openFeed(lastSeen.get())) {
        while (!stopRequested.getAsBoolean() && !done.getAsBoolean()) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            break;
          }
          MessageFeed.Event event = feed.next(min(POLL_SLICE, remaining));
          if (event instanceof MessageFeed.Message m) {
            established = true;
            reconnects = 0;
            List<ReceivedMessage> arrived = new ArrayList<>();
            arrived.add(m.message());
            arrived.addAll(feed.arrivedMessages(PAGE_SIZE - 1));
            deliver(arrived, listener, counter);
          } else if (event instanceof MessageFeed.KeepAlive) {
            established = true;
            reconnects = 0;
          } else if (event instanceof MessageFeed.Ended e) {
            ended = e.status();
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (ended == null) {
        break; // stopped, done or out of time
      }
      if (ended.isOk()) {
        pause(Duration.ofSeconds(1), deadline); // the server ended the stream cleanly: resume
        continue;
      }
      established |= System.nanoTime() - openedAt >= ESTABLISHED_AFTER.toNanos();
      if (ended.getCode() == Status.Code.UNAVAILABLE && established
          && ++reconnects <= MAX_RECONNECTS) {
        log.info("Message stream dropped ({}); reconnecting", ended.getDescription());
        pause(Duration.ofSeconds(1L << (reconnects - 1)), deadline);
        continue;
      }
      throw Errors.connector(ended.asRuntimeException(), "reading the message stream",
          connector.target());
    }
    return counter.summary();
  }

  private void deliver(List<ReceivedMessage> messages, WalletListener listener,
      ReceiveSummary.Counter counter) {
    for (WalletEvent event : handler.apply(messages)) {
      counter.add(event);
      listener.onEvent(event);
    }
  }

  private void pause(Duration pause, long deadline) {
    long until = Math.min(deadline, System.nanoTime() + pause.toNanos());
    try {
      while (!stopRequested.getAsBoolean() && System.nanoTime() < until) {
        Thread.sleep(Math.min(POLL_SLICE.toMillis(), Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration min(Duration slice, long remainingNanos) {
    return remainingNanos < slice.toNanos() ? Duration.ofNanos(remainingNanos) : slice;
  }
}
