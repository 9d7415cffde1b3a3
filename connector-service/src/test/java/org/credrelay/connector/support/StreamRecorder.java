package org.credrelay.connector.support;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;

/** Records what one GetMessageStream call receives; waits with timeouts, never sleeps. */
public final class StreamRecorder implements StreamObserver<GetMessageStreamResponse> {

  private final LinkedBlockingQueue<ReceivedMessage> messages = new LinkedBlockingQueue<>();
  private final List<ReceivedMessage> taken = new ArrayList<>();
  private final AtomicInteger keepalives = new AtomicInteger();
  private final Semaphore keepaliveSignals = new Semaphore(0);
  private final CompletableFuture<Status> end = new CompletableFuture<>();
  private final CompletableFuture<Throwable> error = new CompletableFuture<>();

  @Override
  public void onNext(GetMessageStreamResponse response) {
    if (response.hasMessage()) {
      messages.add(response.getMessage());
    } else if (response.hasKeepalive()) {
      keepalives.incrementAndGet();
      keepaliveSignals.release();
    }
  }

  @Override
  public void onError(Throwable t) {
    error.complete(t);
    end.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    end.complete(Status.OK);
  }

  /** Waits until {@code count} messages arrived in total (or the timeout); returns all so far. */
  public List<ReceivedMessage> awaitMessages(int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (taken.size() < count) {
      long left = deadline - System.nanoTime();
      ReceivedMessage next = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
      if (next == null) {
        break;
      }
      taken.add(next);
    }
    return List.copyOf(taken);
  }

  /** Messages that arrived beyond those awaited, without waiting. */
  public List<ReceivedMessage> extra() {
    List<ReceivedMessage> more = new ArrayList<>();
    messages.drainTo(more);
    return more;
  }

  /** Waits until {@code count} keepalives arrived in total. */
  public boolean awaitKeepalives(int count, Duration timeout) throws InterruptedException {
    return keepaliveSignals.tryAcquire(count, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int keepalives() {
    return keepalives.get();
  }

  public Status awaitEnd(Duration timeout) throws Exception {
    return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for the stream to fail and returns the failure with its trailers (ErrorInfo). */
  public StatusRuntimeException awaitFailure(Duration timeout) throws Exception {
    Throwable t = error.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return t instanceof StatusRuntimeException e
        ? e
        : Status.fromThrowable(t).asRuntimeException(Status.trailersFromThrowable(t));
  }
}
