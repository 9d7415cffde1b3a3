package org.credrelay.wallet.connector;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;

/**
 * One {@code GetMessageStream} call, read by polling: gRPC's thread hands each event to a queue,
 * the caller takes them with a timeout on its own thread (so all state changes stay on that
 * thread). Flow control keeps at most {@link #BUFFERED_MESSAGES} messages in flight, so a large
 * backlog is never buffered whole, yet a burst can be taken (and saved) together ({@link
 * #arrivedMessages}).
 *
 * <p>Not thread-safe: one consumer thread, which also closes it.
 */
public final class MessageFeed implements AutoCloseable {

  /** What the stream produced. */
  public sealed interface Event permits Message, KeepAlive, Ended {}

  /** A message for the holder. */
  public record Message(ReceivedMessage message) implements Event {}

  /** The connector's idle keepalive. */
  public record KeepAlive() implements Event {}

  /** The stream ended: {@code status} OK when the server completed it. */
  public record Ended(Status status) implements Event {}

  /** Messages the connector may send ahead of the consumer. */
  static final int BUFFERED_MESSAGES = 32;

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile ClientCallStreamObserver<GetMessageStreamRequest> call;
  private boolean ended;

  private MessageFeed() {}

  static MessageFeed open(
      ConnectorServiceGrpc.ConnectorServiceStub stub, String lastSeenMessageId, String deviceId) {
    MessageFeed feed = new MessageFeed();
    stub.getMessageStream(
        GetMessageStreamRequest.newBuilder()
            .setLastSeenMessageId(lastSeenMessageId)
            .setDeviceId(deviceId)
            .build(),
        feed.new Observer());
    return feed;
  }

  /**
   * The next event, waiting at most {@code wait}; null if none arrived in time. After an {@link
   * Ended} event there are no more.
   */
  public Event next(Duration wait) throws InterruptedException {
    if (ended) {
      throw new IllegalStateException("the feed has ended");
    }
    Event event = events.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    if (event instanceof Ended) {
      ended = true;
    } else if (event != null) {
      call.request(1);
    }
    return event;
  }

  /**
   * Messages that have already arrived, oldest first, at most {@code max}, without waiting; stops
   * before anything that is not a message (which {@link #next} then returns).
   */
  public List<ReceivedMessage> arrivedMessages(int max) {
    List<ReceivedMessage> arrived = new ArrayList<>();
    while (arrived.size() < max && events.peek() instanceof Message message) {
      events.poll();
      call.request(1);
      arrived.add(message.message());
    }
    return arrived;
  }

  /** Cancels the call; harmless if it already ended. */
  @Override
  public void close() {
    ClientCallStreamObserver<GetMessageStreamRequest> current = call;
    if (!ended && current != null) {
      ended = true;
      current.cancel("wallet stopped reading", null);
    }
  }

  private final class Observer
      implements ClientResponseObserver<GetMessageStreamRequest, GetMessageStreamResponse> {

    @Override
    public void beforeStart(ClientCallStreamObserver<GetMessageStreamRequest> requestStream) {
      call = requestStream;
      requestStream.disableAutoRequestWithInitial(BUFFERED_MESSAGES);
    }

    @Override
    public void onNext(GetMessageStreamResponse response) {
      events.add(response.hasMessage() ? new Message(response.getMessage()) : new KeepAlive());
    }

    @Override
    public void onError(Throwable error) {
      events.add(new Ended(Status.fromThrowable(error)));
    }

    @Override
    public void onCompleted() {
      events.add(new Ended(Status.OK));
    }
  }
}
