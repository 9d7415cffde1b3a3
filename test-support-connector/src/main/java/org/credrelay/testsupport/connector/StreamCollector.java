package org.credrelay.testsupport.connector;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;

/** Collects the messages of one GetMessageStream call; waits with timeouts, never sleeps. */
public final class StreamCollector implements StreamObserver<GetMessageStreamResponse> {

  private final LinkedBlockingQueue<ReceivedMessage> arrived = new LinkedBlockingQueue<>();
  private final List<ReceivedMessage> taken = new ArrayList<>();
  private final CompletableFuture<Status> end = new CompletableFuture<>();

  @Override
  public void onNext(GetMessageStreamResponse response) {
    if (response.hasMessage()) {
      arrived.add(response.getMessage());
    }
  }

  @Override
  public void onError(Throwable t) {
    end.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    end.complete(Status.OK);
  }

  /** Waits until {@code count} messages arrived in total (or the timeout); returns all so far. */
  public List<ReceivedMessage> await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (taken.size() < count) {
      ReceivedMessage next =
          arrived.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
    arrived.drainTo(more);
    return more;
  }

  /** How the stream ended, waiting up to {@code timeout}. */
  public Status awaitEnd(Duration timeout) throws Exception {
    return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
