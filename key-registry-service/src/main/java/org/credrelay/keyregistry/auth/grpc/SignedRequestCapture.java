package org.credrelay.keyregistry.auth.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.keyregistry.auth.SignedRequest;
import org.credrelay.keyregistry.error.Reasons;
import org.credrelay.keyregistry.error.RegistryException;

/**
 * Keeps, for the signed methods, the signature metadata and the request bytes exactly as received,
 * so the signature is verified over what the client signed, never over a re-serialisation (which
 * could differ, e.g. in unknown fields). It sits on a service definition whose messages are still
 * bytes ({@link #signedService}); protobuf parsing happens after it, from the same bytes. The
 * handler reads the result with {@link #current()}.
 */
public final class SignedRequestCapture implements ServerInterceptor {

  private static final Context.Key<Captured> CAPTURED = Context.key("credrelay-signed-request");
  private static final List<String> HEADERS = List.of(RequestSignatureHeaders.DID,
      RequestSignatureHeaders.KEY_ID, RequestSignatureHeaders.NONCE,
      RequestSignatureHeaders.TIMESTAMP, RequestSignatureHeaders.SIGNATURE);

  private final Set<String> signedMethods;

  private SignedRequestCapture(Set<String> signedMethods) {
    this.signedMethods = Set.copyOf(signedMethods);
  }

  /** {@code service} with request-byte capture on {@code signedMethods} (full method names). */
  public static ServerServiceDefinition signedService(ServerServiceDefinition service,
      Set<String> signedMethods) {
    return ServerInterceptors.intercept(
        ServerInterceptors.useMarshalledMessages(service, RawRequestBytes.MARSHALLER,
            ResponseStreams.MARSHALLER),
        new SignedRequestCapture(signedMethods));
  }

  /**
   * The signed request of the current call.
   *
   * @throws RegistryException UNAUTHENTICATED / MISSING_SIGNATURE if the call carries no signature
   */
  public static SignedRequest current() {
    Captured captured = CAPTURED.get();
    if (captured == null || captured.payload == null) {
      throw new IllegalStateException("no request captured for this call");
    }
    if (captured.metadata.get(RequestSignatureHeaders.KEY_ID) == null
        && captured.metadata.get(RequestSignatureHeaders.SIGNATURE) == null) {
      throw RegistryException.unauthenticated(Reasons.MISSING_SIGNATURE,
          "the request is not signed (docs/PROTOCOL.md §2)");
    }
    return new SignedRequest(captured.method, captured.metadata, captured.payload);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (!signedMethods.contains(method)) {
      return next.startCall(call, headers);
    }
    Captured captured = new Captured(method, signatureEntries(headers));
    ServerCall.Listener<ReqT> delegate =
        Contexts.interceptCall(Context.current().withValue(CAPTURED, captured), call, headers, next);
    return new SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(ReqT message) {
        captured.payload = ((byte[]) message).clone();
        super.onMessage(message);
      }
    };
  }

  private static Map<String, String> signatureEntries(Metadata headers) {
    Map<String, String> entries = new HashMap<>();
    for (String name : HEADERS) {
      String value = headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
      if (value != null) {
        entries.put(name, value);
      }
    }
    return entries;
  }

  /** Per-call state; written on the call's serialised listener, read by the handler after it. */
  private static final class Captured {
    private final String method;
    private final Map<String, String> metadata;
    private volatile byte[] payload;

    Captured(String method, Map<String, String> metadata) {
      this.method = method;
      this.metadata = metadata;
    }
  }
}
