package org.credrelay.issuergateway.testing;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.HashMap;
import java.util.Map;

/** Server interceptor of the test doubles: puts the call's ASCII metadata and method in the Context. */
public final class CallMetadata implements ServerInterceptor {

  static final Context.Key<Map<String, String>> HEADERS = Context.key("test-headers");
  static final Context.Key<String> METHOD = Context.key("test-method");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Map<String, String> values = new HashMap<>();
    for (String key : headers.keys()) {
      if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        values.put(key, headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
      }
    }
    Context context = Context.current().withValue(HEADERS, Map.copyOf(values))
        .withValue(METHOD, call.getMethodDescriptor().getFullMethodName());
    return Contexts.interceptCall(context, call, headers, next);
  }
}
