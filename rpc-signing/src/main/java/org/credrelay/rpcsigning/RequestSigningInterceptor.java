package org.credrelay.rpcsigning;

import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Map;
import org.credrelay.e2ecrypto.signing.RequestSigner;

/**
 * Signs every call of a channel with {@link RequestSigner}: the signature covers the request bytes,
 * so the headers can only be computed once the (single) request message is known. The call's {@code
 * start} is therefore deferred until {@code sendMessage}; flow-control requests made before that
 * are replayed after the start. Works for unary and server-streaming methods (one request message).
 * Only rpcs declared signed in the .proto files ({@link SignedRpcs}) are signed; the others (public
 * lookups) are sent unsigned.
 */
public final class RequestSigningInterceptor implements ClientInterceptor {

  private final RequestSigner signer;

  public RequestSigningInterceptor(RequestSigner signer) {
    this.signer = signer;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!SignedRpcs.isSigned(method)) {
      return call;
    }
    return new SigningCall<>(call, method.getFullMethodName());
  }

  private final class SigningCall<Q, R> extends SimpleForwardingClientCall<Q, R> {
    private final String method;
    private Listener<R> pendingListener;
    private Metadata pendingHeaders;
    private int pendingRequests;
    private boolean started;

    SigningCall(ClientCall<Q, R> delegate, String method) {
      super(delegate);
      this.method = method;
    }

    @Override
    public void start(Listener<R> listener, Metadata headers) {
      pendingListener = listener;
      pendingHeaders = headers;
    }

    @Override
    public void request(int count) {
      if (started) {
        super.request(count);
      } else {
        pendingRequests += count;
      }
    }

    @Override
    public void sendMessage(Q message) {
      if (!started) {
        byte[] bytes = ((MessageLite) message).toByteArray();
        for (Map.Entry<String, String> entry : signer.sign(method, bytes).entrySet()) {
          pendingHeaders.put(
              Metadata.Key.of(entry.getKey(), Metadata.ASCII_STRING_MARSHALLER), entry.getValue());
        }
        started = true;
        super.start(pendingListener, pendingHeaders);
        if (pendingRequests > 0) {
          super.request(pendingRequests);
        }
      }
      super.sendMessage(message);
    }

    @Override
    public void halfClose() {
      if (!started) {
        throw new IllegalStateException("a signed call needs its request message before halfClose");
      }
      super.halfClose();
    }

    @Override
    public void cancel(String message, Throwable cause) {
      if (!started) {
        // Nothing went on the wire; start so the listener learns about the cancellation.
        started = true;
        super.start(pendingListener, pendingHeaders);
      }
      super.cancel(message, cause);
    }
  }
}
