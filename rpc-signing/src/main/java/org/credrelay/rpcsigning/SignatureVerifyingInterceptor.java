package org.credrelay.rpcsigning;

import io.grpc.Context;
import io.grpc.ForwardingServerCall;
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
import java.util.Set;
import java.util.function.Function;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.signing.NonceStore;
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
 *
 * <p><b>Nonces.</b> The verifier records each call's nonce before the method starts, one database
 * round trip. Rpcs named in {@code methodsRecordingTheirNonce} instead get a {@link DeferredNonce}
 * that the service records in the same statement as its first write (decision 0047-connsend); if
 * the call closes without the service having recorded it, this interceptor records it then with
 * {@code nonces}, so every verified call uses up its nonce. A call whose signature is refused
 * records nothing.
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
  private final NonceStore nonces;
  private final Set<String> methodsRecordingTheirNonce;

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
    this(verifier, keys, serviceErrors, null, Set.of());
  }

  /**
   * As above, where the rpcs {@code methodsRecordingTheirNonce} (full method names) record their
   * nonce themselves ({@link DeferredNonce}).
   *
   * @param nonces the verifier's nonce store, for nonces a call did not record by its end
   */
  public SignatureVerifyingInterceptor(
      RequestVerifier verifier,
      SignerKeyResolver keys,
      Function<Throwable, StatusException> serviceErrors,
      NonceStore nonces,
      Set<String> methodsRecordingTheirNonce) {
    if (nonces == null && !methodsRecordingTheirNonce.isEmpty()) {
      throw new IllegalArgumentException("rpcs that defer their nonce need the nonce store");
    }
    this.verifier = verifier;
    this.keys = keys;
    this.serviceErrors = serviceErrors;
    this.nonces = nonces;
    this.methodsRecordingTheirNonce = Set.copyOf(methodsRecordingTheirNonce);
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

  /** A verified call and, for an rpc that records its own nonce, that nonce (else null). */
  private record Verified(VerifiedCall call, DeferredNonce deferredNonce) {}

  /** Verifies the call; returns the verified call, or closes {@code call} and returns null. */
  private Verified verify(
      String method, byte[] requestBytes, Map<String, String> metadata, ServerCall<?, ?> call) {
    try {
      String keyId = metadata.get(RequestSignatureHeaders.KEY_ID);
      if (keyId == null || keyId.isEmpty()) {
        throw new RequestSignatureException(
            RequestSignatureException.Reason.MISSING,
            "the request is not signed (x-credrelay-key-id missing)");
      }
      PublicKeyJwk key = keys.signerKey(new SignedCall(method, metadata, requestBytes));
      boolean defer = methodsRecordingTheirNonce.contains(method);
      VerifiedRequest verified =
          defer
              ? verifier.verifyExceptNonce(method, requestBytes, metadata, key)
              : verifier.verify(method, requestBytes, metadata, key);
      byte[] signatureBytes =
          Base64.getUrlDecoder().decode(metadata.get(RequestSignatureHeaders.SIGNATURE));
      return new Verified(
          new VerifiedCall(
              method,
              verified.did(),
              verified.keyId(),
              key,
              verified.nonce(),
              verified.timestamp(),
              requestBytes,
              signatureBytes),
          defer
              ? new DeferredNonce(
                  verified.keyId(), verified.nonce(), verifier.nonceExpiresAt(verified))
              : null);
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
    private RecordingNonceOnClose<ReqT, RespT> recording;

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
      Verified verified =
          verify(call.getMethodDescriptor().getFullMethodName(), (byte[]) message, signature, call);
      if (verified == null) {
        closed = true;
        return;
      }
      context = Context.current().withValue(VerifiedCall.CONTEXT_KEY, verified.call());
      ServerCall<ReqT, RespT> served = call;
      if (verified.deferredNonce() != null) {
        context = context.withValue(DeferredNonce.CONTEXT_KEY, verified.deferredNonce());
        recording = new RecordingNonceOnClose<>(call, verified.deferredNonce());
        served = recording;
      }
      ServerCall<ReqT, RespT> started = served;
      inContext(
          () -> {
            delegate = next.startCall(started, headers);
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
      } catch (RuntimeException failure) {
        // A method that throws ends its call before recording a deferred nonce: record it now,
        // before the service's exception handler answers; a replay is answered here instead.
        if (recording != null && recording.closedAsReplay()) {
          return;
        }
        throw failure;
      } finally {
        context.detach(previous);
      }
    }
  }

  /**
   * Records a deferred nonce the service did not record, before the call's status goes out: the
   * call ended before its first write (a refusal, or nothing to write), so recording now still
   * comes before any effect a replay could repeat. If the nonce was used before, the call was a
   * replay and is answered REPLAYED_NONCE instead, as a nonce recorded up front would have been.
   */
  private final class RecordingNonceOnClose<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
    private final DeferredNonce nonce;

    RecordingNonceOnClose(ServerCall<ReqT, RespT> call, DeferredNonce nonce) {
      super(call);
      this.nonce = nonce;
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!closedAsReplay()) {
        super.close(status, trailers);
      }
    }

    /**
     * Records the nonce if the service did not; if it was used before, closes the call with
     * REPLAYED_NONCE and returns true. Also called when the method throws (the service's exception
     * handler, in front of this interceptor, closes the call without passing through here).
     */
    boolean closedAsReplay() {
      if (nonce.isRecorded()) {
        return false;
      }
      try {
        if (!nonces.markUsed(nonce.keyId(), nonce.nonce(), nonce.expiresAt())) {
          nonce.markRecorded(); // used, by the first call: nothing left to record
          close(
              SignatureRefusals.unauthenticated(
                  new RequestSignatureException(
                      RequestSignatureException.Reason.REPLAYED_NONCE, "nonce already used")));
          return true;
        }
        nonce.markRecorded();
      } catch (RuntimeException e) {
        // The call is over and had no effect to repeat; a replay would be checked again.
        System.getLogger(SignatureVerifyingInterceptor.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "recording the nonce of a finished call failed: " + e.getClass().getSimpleName());
      }
      return false;
    }

    private void close(StatusException status) {
      Metadata trailers = status.getTrailers();
      super.close(status.getStatus(), trailers == null ? new Metadata() : trailers);
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
