package org.credrelay.connector.stream.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.credrelay.connector.config.StreamProperties;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.limit.MessageLimitsProperties;
import org.credrelay.connector.message.DeviceId;
import org.credrelay.connector.message.MessageCursor;
import org.credrelay.connector.message.service.MessageManager;
import org.credrelay.connector.push.service.StreamPresence;
import org.credrelay.connector.stream.store.MessageArrivals;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.stereotype.Service;

/**
 * All open message streams of this replica, by recipient.
 *
 * <p><b>Hand-over without gap or duplicate.</b> {@link #open} registers the stream <i>before</i>
 * its first drain. From then on every commit of a message to that recipient — through this replica
 * or another — produces a PostgreSQL notification ({@link #messagesArrived}, from the {@link
 * org.credrelay.connector.stream.store.MessageNotificationListener}) and so another drain; every
 * commit before it is visible to the first drain. A drain only ever re-queries the database after
 * the stream's last delivered (received_at, id), and the message store guarantees that a later
 * commit never sorts before an earlier one, so nothing is skipped and nothing is sent twice.
 * Nothing is delivered from process memory.
 *
 * <p><b>Cost of an idle stream.</b> A small object and a keepalive timer entry: drains run on
 * {@code connector.stream.delivery-threads} shared threads, keepalives on one shared timer thread,
 * database connections are borrowed from the pool only for the duration of a query.
 *
 * <p><b>Streams per recipient.</b> At most {@code
 * connector.messages.limits.streams-per-participant} (default 5) streams of one recipient stay open
 * on this replica: opening one more closes the oldest with RESOURCE_EXHAUSTED {@code
 * TOO_MANY_STREAMS}. The cap is per replica (a recipient can hold the cap times the number of
 * replicas), because what it protects, memory and delivery work, is per replica; see docs/decisions
 * (limits).
 *
 * <p><b>Shutdown.</b> When the gRPC server begins to shut down, every stream ends with UNAVAILABLE
 * ("reconnect with the last seen id") so that graceful shutdown does not wait for them. A server
 * that is started again (the context's lifecycle is stopped and restarted, as Spring's test context
 * cache does when it pauses a context) accepts streams again; the threads end only with the
 * context.
 */
@Service
public class MessageStreamHub implements MessageArrivals {

  private final Map<String, Set<MessageStream>> streams = new ConcurrentHashMap<>();

  /** Opening order of the registered streams, to find a recipient's oldest. */
  private final Map<MessageStream, Long> openingOrder = new ConcurrentHashMap<>();

  private final AtomicLong openings = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final int streamsPerRecipient;
  private final Counter evictions;
  private final MessageManager messages;
  private final StreamPresence presence;
  private final StreamProperties properties;
  private final Clock clock;
  private final ExecutorService delivery;
  private final ScheduledExecutorService keepalives;
  private volatile boolean accepting = true;

  public MessageStreamHub(
      MessageManager messages,
      StreamPresence presence,
      StreamProperties properties,
      MessageLimitsProperties limits,
      Clock clock,
      MeterRegistry meters) {
    this.messages = messages;
    this.presence = presence;
    this.streamsPerRecipient = limits.streamsPerParticipant();
    this.evictions =
        Counter.builder("connector.message.stream.hub.evicted")
            .description(
                "Oldest streams closed with TOO_MANY_STREAMS because their recipient opened more")
            .register(meters);
    this.properties = properties;
    this.clock = clock;
    this.delivery =
        Executors.newFixedThreadPool(
            properties.deliveryThreads(), daemonThreads("message-stream-delivery-"));
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, daemonThreads("message-stream-keepalive-"));
    timer.setRemoveOnCancelPolicy(true); // closed streams leave no timer entry behind
    this.keepalives = timer;
    Gauge.builder("connector.message.stream.hub.open", open, AtomicInteger::get)
        .description("Open message streams on this replica")
        .register(meters);
  }

  /**
   * Opens a stream for {@code recipientId} starting after {@code cursor} (null: whole backlog).
   *
   * @return a handle the transport calls when the client cancels or becomes ready again
   */
  public StreamHandle open(String recipientId, MessageCursor cursor, MessageSink sink) {
    return open(recipientId, null, cursor, sink);
  }

  /**
   * As {@link #open(String, MessageCursor, MessageSink)} for one device of the recipient (null: no
   * device): the stream leaves out the messages this device acknowledged.
   */
  public StreamHandle open(
      String recipientId, DeviceId device, MessageCursor cursor, MessageSink sink) {
    if (!accepting) {
      throw shuttingDown();
    }
    MessageStream stream =
        new MessageStream(
            recipientId,
            cursor,
            sink,
            (recipient, after, limit) -> messages.after(recipient, device, after, limit),
            delivery,
            clock,
            properties.pageSize(),
            properties.keepaliveInterval().toNanos());
    long interval = properties.keepaliveInterval().toNanos();
    stream.onClose(
        () -> remove(stream),
        keepalives.scheduleAtFixedRate(
            stream::keepAliveIfIdle, interval, interval, TimeUnit.NANOSECONDS));
    for (MessageStream oldest : register(stream)) {
      evictions.increment();
      oldest.closeWith(
          new ConnectorException(
              ErrorReason.TOO_MANY_STREAMS,
              "closed: this recipient opened more than "
                  + streamsPerRecipient
                  + " message streams on this replica; the newest stay open"));
    }
    // Known as live to every replica before the first drain: no push wake-up for what it delivers.
    presence.streamOpened(stream.recipientId());
    if (!accepting) { // shutdown raced with registration
      stream.closeWith(shuttingDown());
    }
    stream.requestDrain(); // registered first, then the backlog: see the class comment
    return new StreamHandle(stream);
  }

  /**
   * Adds {@code stream} to its recipient's streams and removes the oldest ones beyond the cap, in
   * one atomic step per recipient (concurrent opens cannot both keep their stream past the cap).
   *
   * @return the removed streams, to be closed by the caller
   */
  private List<MessageStream> register(MessageStream stream) {
    List<MessageStream> evicted = new ArrayList<>(1);
    openingOrder.put(stream, openings.incrementAndGet());
    streams.compute(
        stream.recipientId(),
        (id, set) -> {
          Set<MessageStream> recipientStreams = set != null ? set : ConcurrentHashMap.newKeySet();
          recipientStreams.add(stream);
          open.incrementAndGet();
          while (recipientStreams.size() > streamsPerRecipient) {
            MessageStream oldest =
                recipientStreams.stream()
                    .min(Comparator.comparingLong(s -> openingOrder.getOrDefault(s, 0L)))
                    .orElseThrow();
            recipientStreams.remove(oldest);
            openingOrder.remove(oldest);
            open.decrementAndGet();
            evicted.add(oldest);
          }
          return recipientStreams;
        });
    return evicted;
  }

  /** A notification: a message to {@code recipientId} was committed (by any replica). */
  @Override
  public void messagesArrived(String recipientId) {
    Set<MessageStream> recipientStreams = streams.get(recipientId);
    if (recipientStreams != null) {
      recipientStreams.forEach(MessageStream::requestDrain);
    }
  }

  /** Notifications may have been missed (listener reconnected): every stream re-queries. */
  @Override
  public void notificationsMayHaveBeenMissed() {
    streams.values().forEach(set -> set.forEach(MessageStream::requestDrain));
  }

  public int openStreams() {
    return open.get();
  }

  @EventListener
  void onGrpcServerStarted(GrpcServerStartedEvent event) {
    accepting = true;
  }

  @EventListener
  void onGrpcServerShutdown(GrpcServerShutdownEvent event) {
    closeStreams();
  }

  @PreDestroy
  void closeAll() {
    closeStreams();
    delivery.shutdown();
    keepalives.shutdown();
  }

  private void closeStreams() {
    accepting = false;
    streams.values().forEach(set -> set.forEach(s -> s.closeWith(shuttingDown())));
  }

  private void remove(MessageStream stream) {
    streams.computeIfPresent(
        stream.recipientId(),
        (id, set) -> {
          if (set.remove(stream)) {
            open.decrementAndGet();
            presence.streamClosed(id);
          }
          return set.isEmpty() ? null : set;
        });
    openingOrder.remove(stream);
  }

  private static ConnectorException shuttingDown() {
    return new ConnectorException(
        ErrorReason.STREAM_INTERRUPTED, "server shutting down: reconnect with the last seen id");
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The transport's handle on one stream. */
  public static final class StreamHandle {
    private final MessageStream stream;

    StreamHandle(MessageStream stream) {
      this.stream = stream;
    }

    /** The transport can take messages again. */
    public void ready() {
      stream.requestDrain();
    }

    /** The client cancelled or the call ended. */
    public void cancelled() {
      stream.cancelled();
    }
  }
}
