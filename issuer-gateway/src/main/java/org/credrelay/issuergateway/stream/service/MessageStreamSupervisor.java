package org.credrelay.issuergateway.stream.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.credrelay.issuergateway.config.StreamProperties;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.stream.store.StreamCursorStore;
import org.credrelay.issuergateway.tenant.service.IssuerKeyring;
import org.credrelay.issuergateway.tenant.service.TenantManager;
import org.credrelay.issuergateway.tenant.service.TenantRegisteredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Follows the message stream of every registered tenant (and of each tenant as soon as it is
 * registered), one thread per tenant, reconnecting after failures with exponential backoff ({@code
 * gateway.stream.*}). Off with {@code gateway.stream.enabled=false}.
 */
@Service
public class MessageStreamSupervisor implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(MessageStreamSupervisor.class);

  private final TenantManager tenants;
  private final ConnectorClient connector;
  private final IssuerKeyring keyring;
  private final StreamCursorStore cursors;
  private final IncomingMessageHandler handler;
  private final StreamProperties properties;
  private final Clock clock;
  private final Map<UUID, TenantMessageStream> streams = new ConcurrentHashMap<>();
  private final AtomicInteger threads = new AtomicInteger();
  private ExecutorService workers;
  private ScheduledExecutorService reconnects;
  private volatile boolean running;

  public MessageStreamSupervisor(
      TenantManager tenants,
      ConnectorClient connector,
      IssuerKeyring keyring,
      StreamCursorStore cursors,
      IncomingMessageHandler handler,
      StreamProperties properties,
      Clock clock) {
    this.tenants = tenants;
    this.connector = connector;
    this.keyring = keyring;
    this.cursors = cursors;
    this.handler = handler;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    if (!properties.enabled() || running) {
      return;
    }
    workers =
        Executors.newCachedThreadPool(
            runnable -> daemon(runnable, "gw-stream-" + threads.incrementAndGet()));
    reconnects =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "gw-stream-reconnect"));
    running = true;
    tenants.registeredIds().forEach(this::follow);
  }

  @EventListener
  void onTenantRegistered(TenantRegisteredEvent event) {
    follow(event.tenantId());
  }

  /** Starts following a tenant's stream (no-op if already followed or the supervisor is off). */
  public void follow(UUID tenantId) {
    if (!running) {
      return;
    }
    TenantMessageStream stream =
        new TenantMessageStream(tenantId, connector, keyring, cursors, handler, clock);
    if (streams.putIfAbsent(tenantId, stream) == null) {
      workers.execute(() -> attempt(stream));
    }
  }

  /** The tenants whose streams are followed. */
  public Set<UUID> followed() {
    return Set.copyOf(streams.keySet());
  }

  private void attempt(TenantMessageStream stream) {
    RuntimeException failure = null;
    try {
      stream.runOnce();
    } catch (RuntimeException e) {
      failure = e;
    }
    if (!running || stream.stopped()) {
      return;
    }
    Duration delay =
        stream.nextDelay(properties.initialBackoff(), properties.maxBackoff(), failure);
    try {
      reconnects.schedule(
          () -> workers.execute(() -> attempt(stream)), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("stream of tenant {} not rescheduled: shutting down", stream.tenantId());
    }
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    streams.values().forEach(TenantMessageStream::stop);
    streams.clear();
    reconnects.shutdownNow();
    workers.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // Stop before the gRPC channels and the database are closed.
    return Integer.MAX_VALUE - 100;
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
