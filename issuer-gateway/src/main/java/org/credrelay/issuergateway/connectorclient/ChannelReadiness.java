package org.credrelay.issuergateway.connectorclient;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a channel's connectivity state ({@link ManagedChannel#notifyWhenStateChanged}) and tells
 * listeners when it becomes READY after it was not: the peer is back, so work that waits on a timer
 * for it can go now. Once the channel has been used, an IDLE channel is asked to connect, so that a
 * peer coming back is noticed without waiting for the next call. gRPC's own reconnect backoff (at
 * most 2 minutes) bounds how late a comeback is seen.
 */
public final class ChannelReadiness {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelReadiness.class);

  private final ManagedChannel channel;
  private final String name;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public ChannelReadiness(ManagedChannel channel, String name) {
    this.channel = channel;
    this.name = name;
  }

  /**
   * Starts watching; call once. It does not connect by itself: a channel that connected at
   * start-up, before its peer listened, would sit in gRPC's reconnect backoff and fail the first
   * calls fast although the peer had come up in the meantime (seen with an in-process peer that
   * starts after the channel). The first call connects; from then on an IDLE channel is asked to
   * reconnect.
   */
  public ChannelReadiness start() {
    watch(channel.getState(false));
    return this;
  }

  /**
   * {@code listener} runs (on a gRPC thread, so it must return quickly) each time READY returns.
   */
  public void onReady(Runnable listener) {
    listeners.add(listener);
  }

  public ConnectivityState state() {
    return channel.getState(false);
  }

  private void watch(ConnectivityState seen) {
    if (channel.isShutdown()) {
      return;
    }
    channel.notifyWhenStateChanged(
        seen,
        () -> {
          ConnectivityState now = channel.getState(true);
          if (now == ConnectivityState.READY && seen != ConnectivityState.READY) {
            LOG.info("channel {} is READY again (was {})", name, seen);
            listeners.forEach(ChannelReadiness::runQuietly);
          }
          watch(now);
        });
  }

  private static void runQuietly(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      LOG.warn("channel readiness listener failed", e);
    }
  }
}
