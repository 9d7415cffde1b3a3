package org.credrelay.testsupport.connector;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.HashMap;
import java.util.Map;

/** Puts a call's {@code x-credrelay-*} metadata and its method name into the gRPC Context. */
final class CallMetadata implements ServerInterceptor {

  static final Context.Key<Map<String, String>> HEADERS = Context.key("fake-connector-headers");
  static final Context.Key<String> METHOD = Context.key("fake-connector-method");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Map<String, String> values = new HashMap<>();
    for (String key : headers.keys()) {
      if (key.startsWith("x-credrelay-")) {
        values.put(key, headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
      }
    }
    Context context = Context.current().withValue(HEADERS, Map.copyOf(values))
        .withValue(METHOD, call.getMethodDescriptor().getFullMethodName());
    return Contexts.interceptCall(context, call, headers, next);
  }

  static Map<String, String> headers() {
    Map<String, String> headers = HEADERS.get();
    return headers == null ? Map.of() : headers;
  }
}
