package org.credrelay.protocolvectors;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.credrelay.rpcsigning.RequestSigningInterceptor;

/**
 * Makes one real gRPC call through rpc-signing's {@link RequestSigningInterceptor} on an in-process
 * channel and captures what the server receives: the metadata and the request bytes exactly as sent
 * (the server side reads them raw, without parsing). It answers with an empty response.
 */
final class SignedCallCapture {

  /** What arrived: metadata entries by lowercase key, and the raw request bytes. */
  record Captured(Map<String, String> metadata, byte[] requestBytes) {}

  private SignedCallCapture() {}

  static <Q, R> Captured call(
      RequestSigningInterceptor signing, MethodDescriptor<Q, R> method, Q request)
      throws IOException {
    AtomicReference<Captured> captured = new AtomicReference<>();
    String name = InProcessServerBuilder.generateName();
    Server server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .fallbackHandlerRegistry(new RawMethodRegistry(captured))
            .build()
            .start();
    ManagedChannel channel =
        InProcessChannelBuilder.forName(name).directExecutor().intercept(signing).build();
    try {
      if (method.getType() == MethodDescriptor.MethodType.UNARY) {
        ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, request);
      } else {
        ClientCalls.blockingServerStreamingCall(channel, method, CallOptions.DEFAULT, request)
            .forEachRemaining(response -> {});
      }
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
    return captured.get();
  }

  /** Serves every method name with byte-array marshallers, so nothing re-serializes the request. */
  private static final class RawMethodRegistry extends io.grpc.HandlerRegistry {
    private final AtomicReference<Captured> captured;

    RawMethodRegistry(AtomicReference<Captured> captured) {
      this.captured = captured;
    }

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      MethodDescriptor<byte[], byte[]> raw =
          MethodDescriptor.<byte[], byte[]>newBuilder(new RawBytes(), new RawBytes())
              .setType(MethodDescriptor.MethodType.UNKNOWN)
              .setFullMethodName(methodName)
              .build();
      return ServerMethodDefinition.create(raw, new CapturingHandler(captured));
    }
  }

  private record CapturingHandler(AtomicReference<Captured> captured)
      implements ServerCallHandler<byte[], byte[]> {

    @Override
    public ServerCall.Listener<byte[]> startCall(
        ServerCall<byte[], byte[]> call, Metadata headers) {
      Map<String, String> entries = new TreeMap<>();
      for (String key : headers.keys()) {
        if (key.startsWith("x-credrelay-")) {
          entries.put(key, headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
        }
      }
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] request) {
          captured.set(new Captured(entries, request));
        }

        @Override
        public void onHalfClose() {
          call.sendHeaders(new Metadata());
          call.sendMessage(new byte[0]);
          call.close(Status.OK, new Metadata());
        }
      };
    }
  }

  private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
