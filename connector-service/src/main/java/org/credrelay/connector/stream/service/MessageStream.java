package org.credrelay.connector.stream.service;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.message.MessageCursor;
import org.credrelay.connector.message.MessagePage;
import org.credrelay.connector.message.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open GetMessageStream call. Holds only a cursor and a few flags (no thread, no database
 * connection): the {@link MessageStreamHub} asks it to {@link #requestDrain drain} whenever a
 * message for its recipient may have been committed, and a drain re-queries the database after the
 * last delivered (received_at, id), so the backlog and live messages take the same path.
 *
 * <p>Drains of one stream never overlap (the {@code scheduled} flag) and coalesce (the {@code
 * pending} flag). The sink is only touched under {@code lock}.
 */
final class MessageStream {

  private static final Logger log = LoggerFactory.getLogger(MessageStream.class);

  /** Reads a recipient's messages after a cursor. */
  interface MessageSource {
    MessagePage after(String recipientId, MessageCursor cursor, int limit);
  }

  private final String recipientId;
  private final MessageSink sink;
  private final MessageSource source;
  private final Executor executor;
  private final Clock clock;
  private final int pageSize;
  private final long keepaliveNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;
  private volatile long lastSentNanos = System.nanoTime();
  private MessageCursor cursor;
  private ScheduledFuture<?> keepalive;
  private Runnable onClose = () -> {};

  MessageStream(
      String recipientId,
      MessageCursor start,
      MessageSink sink,
      MessageSource source,
      Executor executor,
      Clock clock,
      int pageSize,
      long keepaliveNanos) {
    this.recipientId = recipientId;
    this.cursor = start;
    this.sink = sink;
    this.source = source;
    this.executor = executor;
    this.clock = clock;
    this.pageSize = pageSize;
    this.keepaliveNanos = keepaliveNanos;
  }

  String recipientId() {
    return recipientId;
  }

  void onClose(Runnable action, ScheduledFuture<?> keepaliveTask) {
    this.onClose = action;
    this.keepalive = keepaliveTask;
  }

  /** Something may have arrived: make sure a drain runs after this call. */
  void requestDrain() {
    pending.set(true);
    schedule();
  }

  private void schedule() {
    if (!closed && scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::runDrains);
      } catch (RuntimeException rejected) { // executor shut down: the hub is closing every stream
        scheduled.set(false);
      }
    }
  }

  private void runDrains() {
    try {
      while (!closed && pending.getAndSet(false)) {
        drain();
      }
    } finally {
      scheduled.set(false);
    }
    if (pending.get()) {
      schedule(); // a request arrived between the last check and clearing "scheduled"
    }
  }

  private void drain() {
    lock.lock();
    try {
      while (!closed) {
        if (!sink.isReady()) {
          return; // the transport's on-ready callback requests the next drain
        }
        MessagePage page = source.after(recipientId, cursor, pageSize);
        for (StoredMessage message : page.messages()) {
          if (closed || !sink.isReady()) {
            return; // undelivered rows are read again by the next drain
          }
          sink.send(message);
          cursor = message.cursor();
          lastSentNanos = System.nanoTime();
        }
        if (!page.hasMore()) {
          return; // a page cut by its byte bound is shorter than pageSize but not the last one
        }
      }
    } catch (ConnectorException e) {
      closeWith(e);
    } catch (RuntimeException e) {
      log.warn("Message stream failed, closing it: {}", e.getClass().getSimpleName());
      closeWith(
          new ConnectorException(
              ErrorReason.STREAM_INTERRUPTED,
              "message stream failed: reconnect with the last seen id"));
    } finally {
      lock.unlock();
    }
  }

  /** Sends a keepalive if nothing was sent for an interval and no drain is busy. */
  void keepAliveIfIdle() {
    if (closed || System.nanoTime() - lastSentNanos < keepaliveNanos - keepaliveNanos / 10) {
      return;
    }
    if (lock.tryLock()) {
      try {
        if (!closed && sink.isReady()) {
          sink.keepAlive(clock.instant());
          lastSentNanos = System.nanoTime();
        }
      } catch (RuntimeException e) {
        closeWith(e);
      } finally {
        lock.unlock();
      }
    }
  }

  /** The client went away: forget the stream without touching the sink. */
  void cancelled() {
    closed = true;
    release();
  }

  /** Ends the stream with {@code reason} (shutdown, database failure). */
  void closeWith(RuntimeException reason) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        sink.fail(reason);
      } catch (RuntimeException ignored) {
        // The call was cancelled concurrently; nothing left to tell the client.
      }
    } finally {
      lock.unlock();
    }
    release();
  }

  private void release() {
    if (keepalive != null) {
      keepalive.cancel(false);
    }
    onClose.run();
  }
}
