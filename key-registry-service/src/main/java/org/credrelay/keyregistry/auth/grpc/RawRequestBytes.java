package org.credrelay.keyregistry.auth.grpc;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A marshaller that hands messages over as the bytes received. grpc-java's deframer has already
 * refused any message over {@code spring.grpc.server.inbound.message.max-size} (RESOURCE_EXHAUSTED)
 * before this reads it, so reading it whole is bounded.
 */
final class RawRequestBytes implements MethodDescriptor.Marshaller<byte[]> {

  static final RawRequestBytes MARSHALLER = new RawRequestBytes();

  private RawRequestBytes() {}

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
