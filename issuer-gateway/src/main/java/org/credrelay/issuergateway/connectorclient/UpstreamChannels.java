package org.credrelay.issuergateway.connectorclient;

import io.grpc.ManagedChannel;
import org.springframework.core.env.Environment;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * Opens the channels to the connector and the key registry from Spring gRPC's named channels
 * ({@code spring.grpc.client.channel.<name>.target}). A target {@code in-process:<name>} (tests,
 * the end-to-end suite) is handed to the factory as is, because Spring gRPC resolves named channels
 * only for network targets.
 */
@Component
public class UpstreamChannels {

  private final GrpcChannelFactory factory;
  private final Environment environment;

  UpstreamChannels(GrpcChannelFactory factory, Environment environment) {
    this.factory = factory;
    this.environment = environment;
  }

  /** A channel for the named channel; the factory shuts it down with the application. */
  public ManagedChannel open(String channelName) {
    String target =
        environment.getProperty("spring.grpc.client.channel." + channelName + ".target");
    return factory.createChannel(
        target != null && target.startsWith("in-process:") ? target : channelName);
  }
}
