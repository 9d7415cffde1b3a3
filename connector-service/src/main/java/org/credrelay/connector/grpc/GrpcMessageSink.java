package org.credrelay.connector.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.credrelay.connector.error.GrpcErrorMapper;
import org.credrelay.connector.message.DeviceId;
import org.credrelay.connector.message.MessageCursor;
import org.credrelay.connector.message.StoredMessage;
import org.credrelay.connector.stream.service.MessageSink;
import org.credrelay.connector.stream.service.MessageStreamHub;
import org.credrelay.connector.stream.service.MessageStreamHub.StreamHandle;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;

/**
 * One GetMessageStream call as a {@link MessageSink}: adapts the call's {@link
 * ServerCallStreamObserver} (with gRPC flow control: nothing is sent while the client is not ready)
 * to the stream hub. {@link #open} returns at once; no thread waits for the stream.
 */
final class GrpcMessageSink implements MessageSink {

  private final ServerCallStreamObserver<GetMessageStreamResponse> call;
  private final GrpcErrorMapper errors;

  private GrpcMessageSink(
      ServerCallStreamObserver<GetMessageStreamResponse> call, GrpcErrorMapper errors) {
    this.call = call;
    this.errors = errors;
  }

  /**
   * Opens a stream of {@code recipientId}'s messages after {@code cursor} on this call, for {@code
   * device} (null: no device).
   */
  static void open(
      MessageStreamHub hub,
      String recipientId,
      DeviceId device,
      MessageCursor cursor,
      StreamObserver<GetMessageStreamResponse> responses,
      GrpcErrorMapper errors) {
    ServerCallStreamObserver<GetMessageStreamResponse> call =
        (ServerCallStreamObserver<GetMessageStreamResponse>) responses;
    AtomicReference<StreamHandle> handle = new AtomicReference<>();
    AtomicBoolean cancelled = new AtomicBoolean();
    call.setOnCancelHandler(
        () -> {
          cancelled.set(true);
          StreamHandle h = handle.get();
          if (h != null) {
            h.cancelled();
          }
        });
    call.setOnReadyHandler(
        () -> {
          StreamHandle h = handle.get();
          if (h != null) {
            h.ready();
          }
        });
    handle.set(hub.open(recipientId, device, cursor, new GrpcMessageSink(call, errors)));
    if (cancelled.get()) {
      handle.get().cancelled();
    }
  }

  @Override
  public boolean isReady() {
    return call.isReady() && !call.isCancelled();
  }

  @Override
  public void send(StoredMessage message) {
    call.onNext(MessageProtoMapper.streamed(message));
  }

  @Override
  public void keepAlive(Instant sentAt) {
    call.onNext(MessageProtoMapper.keepAlive(sentAt));
  }

  @Override
  public void fail(RuntimeException reason) {
    call.onError(errors.toStatusException(reason));
  }
}
