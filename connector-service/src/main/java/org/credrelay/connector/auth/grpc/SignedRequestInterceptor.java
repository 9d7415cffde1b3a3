package org.credrelay.connector.auth.grpc;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.caller.CallerContext;
import org.credrelay.connector.auth.service.RequestAuthenticator;
import org.credrelay.connector.error.GrpcErrorMapper;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.springframework.stereotype.Component;

/**
 * Authenticates every connector RPC except GetConnectionTokenInfo over the request bytes exactly as
 * they arrived: {@link #protect} re-binds the service with a byte-array marshaller
 * ({@link ServerInterceptors#useMarshalledMessages}), so this interceptor receives the raw request,
 * verifies it, and only then lets the original marshaller parse it for the service method. Nothing
 * is re-serialized, so a signature over the sender's exact bytes verifies.
 *
 * <p>The service method starts only after verification, with the {@link Caller} in the gRPC
 * {@link Context} ({@link CallerContext}). Refusals are closed with the status of
 * {@link GrpcErrorMapper}. The request size is bounded by the server's inbound message limit
 * before any byte reaches this class.
 */
@Component
public class SignedRequestInterceptor implements ServerInterceptor {

  /** RPCs that anyone may call without signing. */
  static final Set<String> PUBLIC_METHODS =
      Set.of(ConnectorServiceGrpc.getGetConnectionTokenInfoMethod().getFullMethodName());

  private static final List<Metadata.Key<String>> SIGNATURE_KEYS = List.of(
      key(RequestSignatureHeaders.DID), key(RequestSignatureHeaders.KEY_ID),
      key(RequestSignatureHeaders.NONCE), key(RequestSignatureHeaders.TIMESTAMP),
      key(RequestSignatureHeaders.SIGNATURE));

  private final RequestAuthenticator authenticator;
  private final GrpcErrorMapper errors;

  public SignedRequestInterceptor(RequestAuthenticator authenticator, GrpcErrorMapper errors) {
    this.authenticator = authenticator;
    this.errors = errors;
  }

  /**
   * The service definition with this interceptor in front of every method, on raw request bytes.
   * Responses pass through as the original marshaller's stream, which the transport drains
   * directly; re-marshalling them to bytes would copy every page of messages twice more.
   */
  public ServerServiceDefinition protect(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(ServerInterceptors.useMarshalledMessages(service,
        RawBytesMarshaller.INSTANCE, PassThroughMarshaller.INSTANCE), this);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (PUBLIC_METHODS.contains(method)) {
      return next.startCall(call, headers);
    }
    Map<String, String> signature = new HashMap<>();
    for (Metadata.Key<String> key : SIGNATURE_KEYS) {
      String value = headers.get(key);
      if (value != null) {
        signature.put(key.name(), value);
      }
    }
    call.request(1); // the single request message, which is verified before the method starts
    return new VerifyingListener<>(call, headers, next, method, signature);
  }

  private final class VerifyingListener<ReqT, RespT> extends ServerCall.Listener<ReqT> {
    private final ServerCall<ReqT, RespT> call;
    private final Metadata headers;
    private final ServerCallHandler<ReqT, RespT> next;
    private final String method;
    private final Map<String, String> signature;
    private ServerCall.Listener<ReqT> delegate;
    private Context context;
    private boolean closed;

    VerifyingListener(ServerCall<ReqT, RespT> call, Metadata headers,
        ServerCallHandler<ReqT, RespT> next, String method, Map<String, String> signature) {
      this.call = call;
      this.headers = headers;
      this.next = next;
      this.method = method;
      this.signature = signature;
    }

    @Override
    public void onMessage(ReqT message) {
      if (delegate != null) {
        inContext(() -> delegate.onMessage(message));
        return;
      }
      if (closed) {
        return;
      }
      Caller caller;
      try {
        caller = authenticator.authenticate(method, (byte[]) message, signature);
      } catch (RuntimeException refused) {
        StatusException status = errors.toStatusException(refused);
        close(status.getStatus(), status.getTrailers());
        return;
      }
      context = Context.current().withValue(CallerContext.CALLER, caller);
      inContext(() -> {
        delegate = next.startCall(call, headers);
        delegate.onMessage(message);
      });
    }

    @Override
    public void onHalfClose() {
      if (delegate != null) {
        inContext(delegate::onHalfClose);
      } else {
        close(Status.INVALID_ARGUMENT.withDescription("missing request message"));
      }
    }

    @Override
    public void onCancel() {
      if (delegate != null) {
        inContext(delegate::onCancel);
      }
    }

    @Override
    public void onComplete() {
      if (delegate != null) {
        inContext(delegate::onComplete);
      }
    }

    @Override
    public void onReady() {
      if (delegate != null) {
        inContext(delegate::onReady);
      }
    }

    private void close(Status status) {
      close(status, new Metadata());
    }

    private void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        call.close(status, trailers == null ? new Metadata() : trailers);
      }
    }

    private void inContext(Runnable action) {
      Context previous = context.attach();
      try {
        action.run();
      } finally {
        context.detach(previous);
      }
    }
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  /** Hands the original marshaller's response stream to the transport unchanged. */
  enum PassThroughMarshaller implements MethodDescriptor.Marshaller<InputStream> {
    INSTANCE;

    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }

  /** Passes request bytes through unchanged (bounded by the server's inbound message limit). */
  enum RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

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
