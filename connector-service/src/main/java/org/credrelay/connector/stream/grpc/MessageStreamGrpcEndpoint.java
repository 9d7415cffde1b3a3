package org.credrelay.connector.stream.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.credrelay.connector.auth.Caller;
import org.credrelay.connector.auth.CallerContext;
import org.credrelay.connector.error.GrpcErrorMapper;
import org.credrelay.connector.grpc.ProtoTime;
import org.credrelay.connector.message.MessageCursor;
import org.credrelay.connector.message.StoredMessage;
import org.credrelay.connector.message.grpc.MessageGrpcEndpoint;
import org.credrelay.connector.message.service.MessageManager;
import org.credrelay.connector.stream.service.MessageSink;
import org.credrelay.connector.stream.service.MessageStreamHub;
import org.credrelay.connector.stream.service.MessageStreamHub.StreamHandle;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.StreamKeepAlive;
import org.springframework.stereotype.Component;

/**
 * Transport of GetMessageStream: adapts the call's {@link ServerCallStreamObserver} (with gRPC flow
 * control: nothing is sent while the client is not ready) to a {@link MessageSink}. The method
 * returns at once; no thread waits for the stream.
 */
@Component
public class MessageStreamGrpcEndpoint {

  private final MessageStreamHub hub;
  private final MessageManager messages;
  private final GrpcErrorMapper errors;

  public MessageStreamGrpcEndpoint(MessageStreamHub hub, MessageManager messages,
      GrpcErrorMapper errors) {
    this.hub = hub;
    this.messages = messages;
    this.errors = errors;
  }

  public void stream(GetMessageStreamRequest request,
      StreamObserver<GetMessageStreamResponse> responses) {
    Caller caller = CallerContext.current();
    MessageCursor cursor = messages.cursorAfter(caller, request.getLastSeenMessageId());
    ServerCallStreamObserver<GetMessageStreamResponse> call =
        (ServerCallStreamObserver<GetMessageStreamResponse>) responses;
    AtomicReference<StreamHandle> handle = new AtomicReference<>();
    AtomicBoolean cancelled = new AtomicBoolean();
    call.setOnCancelHandler(() -> {
      cancelled.set(true);
      StreamHandle h = handle.get();
      if (h != null) {
        h.cancelled();
      }
    });
    call.setOnReadyHandler(() -> {
      StreamHandle h = handle.get();
      if (h != null) {
        h.ready();
      }
    });
    handle.set(hub.open(caller.id(), cursor, new ObserverSink(call, errors)));
    if (cancelled.get()) {
      handle.get().cancelled();
    }
  }

  private record ObserverSink(ServerCallStreamObserver<GetMessageStreamResponse> call,
      GrpcErrorMapper errors) implements MessageSink {

    @Override
    public boolean isReady() {
      return call.isReady() && !call.isCancelled();
    }

    @Override
    public void send(StoredMessage message) {
      call.onNext(GetMessageStreamResponse.newBuilder()
          .setMessage(MessageGrpcEndpoint.toProto(message)).build());
    }

    @Override
    public void keepAlive(Instant sentAt) {
      call.onNext(GetMessageStreamResponse.newBuilder()
          .setKeepalive(StreamKeepAlive.newBuilder().setSentAt(ProtoTime.of(sentAt))).build());
    }

    @Override
    public void fail(RuntimeException reason) {
      call.onError(errors.toStatusException(reason));
    }
  }
}
