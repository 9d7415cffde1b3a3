package org.credrelay.rpcsigning;

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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.RequestSignatureException;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestVerifier;
import org.credrelay.e2ecrypto.signing.VerifiedRequest;

/**
 * The server half of request signing (docs/PROTOCOL.md §2), used by every credrelay gRPC service:
 * for each rpc declared signed ({@link SignedRpcs}), verifies the signature over the request bytes
 * exactly as they arrived, before anything parses them, and only then starts the service method
 * with the {@link VerifiedCall} in the gRPC {@link Context}. Unsigned rpcs pass through untouched.
 *
 * <p>{@link #protect} re-binds the service with a byte-array marshaller ({@link
 * ServerInterceptors#useMarshalledMessages}), so this interceptor sees the raw request and the
 * original marshaller parses the same bytes for the method afterwards; nothing is re-serialized, so
 * a signature over the sender's exact bytes verifies. The request size is bounded by the server's
 * inbound message limit before any byte reaches this class.
 *
 * <p>Order of checks: key id present (else MISSING_SIGNATURE), the service's {@link
 * SignerKeyResolver} names the key (its refusal is closed with the service's error mapping), then
 * e2e-crypto's {@link RequestVerifier} (format, window, signature, nonce). Signature refusals are
 * UNAUTHENTICATED with {@code ErrorInfo} ({@link SignatureRefusals}). Whether the verified signer
 * may do what the request asks stays with the service.
 */
public final class SignatureVerifyingInterceptor implements ServerInterceptor {

  private static final List<Metadata.Key<String>> SIGNATURE_KEYS =
      List.of(
          key(RequestSignatureHeaders.DID),
          key(RequestSignatureHeaders.KEY_ID),
          key(RequestSignatureHeaders.NONCE),
          key(RequestSignatureHeaders.TIMESTAMP),
          key(RequestSignatureHeaders.SIGNATURE));

  private final RequestVerifier verifier;
  private final SignerKeyResolver keys;
  private final Function<Throwable, StatusException> serviceErrors;

  /**
   * @param verifier checks format, time window, signature and nonce (with the service's nonce
   *     store)
   * @param keys names the key that must have signed a call
   * @param serviceErrors the service's error mapping, for exceptions thrown by {@code keys}
   */
  public SignatureVerifyingInterceptor(
      RequestVerifier verifier,
      SignerKeyResolver keys,
      Function<Throwable, StatusException> serviceErrors) {
    this.verifier = verifier;
    this.keys = keys;
    this.serviceErrors = serviceErrors;
  }

  /**
   * The service definition with this interceptor in front of every method, on raw request bytes.
   * Responses pass through as the original marshaller's stream, which the transport drains
   * directly; re-marshalling them to bytes would copy every page of messages twice more.
   */
  public ServerServiceDefinition protect(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(
        ServerInterceptors.useMarshalledMessages(
            service, RawBytesMarshaller.INSTANCE, PassThroughMarshaller.INSTANCE),
        this);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (!SignedRpcs.isSigned(call.getMethodDescriptor())) {
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
    return new VerifyingListener<>(call, headers, next, signature);
  }

  /** Verifies the call; returns the verified call, or closes {@code call} and returns null. */
  private VerifiedCall verify(
      String method, byte[] requestBytes, Map<String, String> metadata, ServerCall<?, ?> call) {
    try {
      String keyId = metadata.get(RequestSignatureHeaders.KEY_ID);
      if (keyId == null || keyId.isEmpty()) {
        throw new RequestSignatureException(
            RequestSignatureException.Reason.MISSING,
            "the request is not signed (x-credrelay-key-id missing)");
      }
      PublicKeyJwk key = keys.signerKey(new SignedCall(method, metadata, requestBytes));
      VerifiedRequest verified = verifier.verify(method, requestBytes, metadata, key);
      byte[] signatureBytes =
          Base64.getUrlDecoder().decode(metadata.get(RequestSignatureHeaders.SIGNATURE));
      return new VerifiedCall(
          method,
          verified.did(),
          verified.keyId(),
          key,
          verified.nonce(),
          verified.timestamp(),
          requestBytes,
          signatureBytes);
    } catch (RequestSignatureException refused) {
      close(call, SignatureRefusals.unauthenticated(refused));
    } catch (RuntimeException refused) {
      close(call, serviceErrors.apply(refused));
    }
    return null;
  }

  private static void close(ServerCall<?, ?> call, StatusException status) {
    Metadata trailers = status.getTrailers();
    call.close(status.getStatus(), trailers == null ? new Metadata() : trailers);
  }

  private final class VerifyingListener<ReqT, RespT> extends ServerCall.Listener<ReqT> {
    private final ServerCall<ReqT, RespT> call;
    private final Metadata headers;
    private final ServerCallHandler<ReqT, RespT> next;
    private final Map<String, String> signature;
    private ServerCall.Listener<ReqT> delegate;
    private Context context;
    private boolean closed;

    VerifyingListener(
        ServerCall<ReqT, RespT> call,
        Metadata headers,
        ServerCallHandler<ReqT, RespT> next,
        Map<String, String> signature) {
      this.call = call;
      this.headers = headers;
      this.next = next;
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
      VerifiedCall verified =
          verify(call.getMethodDescriptor().getFullMethodName(), (byte[]) message, signature, call);
      if (verified == null) {
        closed = true;
        return;
      }
      context = Context.current().withValue(VerifiedCall.CONTEXT_KEY, verified);
      inContext(
          () -> {
            delegate = next.startCall(call, headers);
            delegate.onMessage(message);
          });
    }

    @Override
    public void onHalfClose() {
      if (delegate != null) {
        inContext(delegate::onHalfClose);
      } else if (!closed) {
        closed = true;
        call.close(
            Status.INVALID_ARGUMENT.withDescription("missing request message"), new Metadata());
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
  private enum PassThroughMarshaller implements MethodDescriptor.Marshaller<InputStream> {
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
  private enum RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try (stream) {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
