package org.credrelay.wallet.connector;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Builds the channel to the connector: plaintext for local use, or TLS. */
public final class ConnectorChannels {

  private ConnectorChannels() {}

  /**
   * @param target gRPC target, e.g. {@code localhost:9092} or {@code dns:///connector.example:443}
   * @param tls whether to use TLS
   * @param trustedCertificates PEM file of CA certificates to trust instead of the JVM's, or null
   * @throws IOException if the PEM file cannot be read
   */
  public static ManagedChannel create(String target, boolean tls, Path trustedCertificates)
      throws IOException {
    ChannelCredentials credentials;
    if (!tls) {
      credentials = InsecureChannelCredentials.create();
    } else if (trustedCertificates == null) {
      credentials = TlsChannelCredentials.create();
    } else {
      credentials =
          TlsChannelCredentials.newBuilder().trustManager(trustedCertificates.toFile()).build();
    }
    return Grpc.newChannelBuilder(target, credentials).keepAliveTime(60, TimeUnit.SECONDS).build();
  }
}
