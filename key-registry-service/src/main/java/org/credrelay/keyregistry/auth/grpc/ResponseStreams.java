package org.credrelay.keyregistry.auth.grpc;

import io.grpc.MethodDescriptor;
import java.io.InputStream;

/**
 * Hands a response, as the stream of its original (protobuf) marshaller, to the transport unchanged,
 * so it is drained straight into the outgoing buffer instead of being copied into a byte array and
 * back.
 */
final class ResponseStreams implements MethodDescriptor.Marshaller<InputStream> {

  static final ResponseStreams MARSHALLER = new ResponseStreams();

  private ResponseStreams() {}

  @Override
  public InputStream stream(InputStream value) {
    return value;
  }

  @Override
  public InputStream parse(InputStream stream) {
    return stream;
  }
}
