package org.credrelay.connector.support;

import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.credrelay.e2ecrypto.signing.RequestSigner;

/**
 * Signs each call with e2e-crypto's {@link RequestSigner}. The signature covers the serialized
 * request, which a client call only has at {@code sendMessage}, after {@code start} would have sent
 * the headers; so {@code start} (and early {@code request}s) are held back until the message is
 * known. A metadata mutator lets negative tests tamper with what is sent; the last metadata sent is
 * kept for replay tests.
 */
public final class SigningClientInterceptor implements ClientInterceptor {

  private final RequestSigner signer;
  private final UnaryOperator<Map<String, String>> mutator;
  private volatile Map<String, String> lastSent;

  public SigningClientInterceptor(RequestSigner signer) {
    this(signer, UnaryOperator.identity());
  }

  public SigningClientInterceptor(
      RequestSigner signer, UnaryOperator<Map<String, String>> mutator) {
    this.signer = signer;
    this.mutator = mutator;
  }

  public Map<String, String> lastSent() {
    return lastSent;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      private Listener<RespT> listener;
      private Metadata headers;
      private int requested;
      private boolean started;

      @Override
      public void start(Listener<RespT> responseListener, Metadata metadata) {
        this.listener = responseListener;
        this.headers = metadata;
      }

      @Override
      public void request(int count) {
        if (started) {
          super.request(count);
        } else {
          requested += count;
        }
      }

      @Override
      public void sendMessage(ReqT message) {
        if (!started) {
          Map<String, String> signed =
              mutator.apply(
                  signer.sign(method.getFullMethodName(), ((MessageLite) message).toByteArray()));
          lastSent = signed;
          signed.forEach(
              (k, v) -> headers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
          started = true;
          super.start(listener, headers);
          if (requested > 0) {
            super.request(requested);
          }
        }
        super.sendMessage(message);
      }

      @Override
      public void halfClose() {
        if (!started) { // no message: start unsigned so the server can refuse it
          started = true;
          super.start(listener, headers);
          if (requested > 0) {
            super.request(requested);
          }
        }
        super.halfClose();
      }
    };
  }
}
