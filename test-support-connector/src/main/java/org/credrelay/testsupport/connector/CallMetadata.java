package org.credrelay.testsupport.connector;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.HashMap;
import java.util.Map;

/**
 * Server interceptor of test doubles that check signed requests: puts the call's {@code
 * x-credrelay-*} metadata and its full method name into the gRPC Context, where the double's
 * handler reads them with {@link #headers()} and {@link #method()}.
 */
public final class CallMetadata implements ServerInterceptor {

  private static final Context.Key<Map<String, String>> HEADERS =
      Context.key("test-double-headers");
  private static final Context.Key<String> METHOD = Context.key("test-double-method");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Map<String, String> values = new HashMap<>();
    for (String key : headers.keys()) {
      if (key.startsWith("x-credrelay-")) {
        values.put(key, headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
      }
    }
    Context context =
        Context.current()
            .withValue(HEADERS, Map.copyOf(values))
            .withValue(METHOD, call.getMethodDescriptor().getFullMethodName());
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** The current call's signed-request metadata (empty outside a call). */
  public static Map<String, String> headers() {
    Map<String, String> headers = HEADERS.get();
    return headers == null ? Map.of() : headers;
  }

  /** The current call's full method name (service/method). */
  public static String method() {
    return METHOD.get();
  }
}
