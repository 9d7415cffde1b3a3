package org.credrelay.e2etests;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The attacker in the middle: a real gRPC server that stands where the connector (or the key
 * registry) should be, forwards every call to the real connector as raw bytes, records everything
 * that passes, and lets a test rewrite what the connector answers (the threat model's "serve any
 * key it likes"). Requests are forwarded unchanged: they are signed, and a changed request would
 * only be refused.
 */
final class MaliciousConnectorProxy implements AutoCloseable {

  /** Rewrites one response message of {@code fullMethodName}; return the bytes to deliver. */
  @FunctionalInterface
  interface ResponseTamper {
    byte[] tamper(String fullMethodName, byte[] response) throws Exception;
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
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
      };

  private final ManagedChannel upstream;
  private final Server server;
  private final List<byte[]> observed = new CopyOnWriteArrayList<>();
  private volatile ResponseTamper tamper = (method, response) -> response;

  private final ServiceDescriptor service;

  private MaliciousConnectorProxy(ServiceDescriptor service, int upstreamPort) throws IOException {
    this.service = service;
    upstream = NettyChannelBuilder.forAddress("127.0.0.1", upstreamPort).usePlaintext().build();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .fallbackHandlerRegistry(new ForwardingRegistry())
            .build()
            .start();
  }

  /** Stands in front of {@code service} served on {@code upstreamPort} (connected lazily). */
  static MaliciousConnectorProxy forward(ServiceDescriptor service, int upstreamPort) {
    try {
      return new MaliciousConnectorProxy(service, upstreamPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getPort();
  }

  void tamperWith(ResponseTamper newTamper) {
    tamper = newTamper;
  }

  void behaveHonestly() {
    tamper = (method, response) -> response;
  }

  /** Every request and response body that passed through, as the connector saw or sent it. */
  List<byte[]> observedBytes() {
    return List.copyOf(observed);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    upstream.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private final class ForwardingRegistry extends HandlerRegistry {
    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      MethodDescriptor<?, ?> known =
          service.getMethods().stream()
              .filter(m -> m.getFullMethodName().equals(methodName))
              .findFirst()
              .orElse(null);
      if (known == null) {
        return null;
      }
      MethodDescriptor<byte[], byte[]> raw =
          MethodDescriptor.<byte[], byte[]>newBuilder()
              .setType(known.getType())
              .setFullMethodName(methodName)
              .setRequestMarshaller(BYTES)
              .setResponseMarshaller(BYTES)
              .build();
      return ServerMethodDefinition.create(raw, new ForwardingHandler(raw));
    }
  }

  private final class ForwardingHandler implements ServerCallHandler<byte[], byte[]> {
    private final MethodDescriptor<byte[], byte[]> method;

    ForwardingHandler(MethodDescriptor<byte[], byte[]> method) {
      this.method = method;
    }

    @Override
    public ServerCall.Listener<byte[]> startCall(
        ServerCall<byte[], byte[]> serverCall, Metadata headers) {
      ClientCall<byte[], byte[]> clientCall = upstream.newCall(method, CallOptions.DEFAULT);
      clientCall.start(
          new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata responseHeaders) {
              serverCall.sendHeaders(responseHeaders);
            }

            @Override
            public void onMessage(byte[] response) {
              observed.add(response);
              try {
                serverCall.sendMessage(tamper.tamper(method.getFullMethodName(), response));
              } catch (Exception e) {
                serverCall.close(
                    Status.INTERNAL.withDescription("tamper failed: " + e), new Metadata());
                return;
              }
              clientCall.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              serverCall.close(status, trailers);
            }
          },
          headers);
      clientCall.request(1);
      serverCall.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] request) {
          observed.add(request);
          clientCall.sendMessage(request);
          serverCall.request(1);
        }

        @Override
        public void onHalfClose() {
          clientCall.halfClose();
        }

        @Override
        public void onCancel() {
          clientCall.cancel("caller cancelled", null);
        }
      };
    }
  }
}
