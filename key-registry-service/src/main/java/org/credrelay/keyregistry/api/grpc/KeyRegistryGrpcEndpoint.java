package org.credrelay.keyregistry.api.grpc;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import java.util.Set;
import org.credrelay.keyregistry.auth.grpc.SignedRequestCapture;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.springframework.stereotype.Component;

/**
 * What Spring gRPC serves for {@code KeyRegistryService}: {@link KeyRegistryGrpcService} behind
 * {@link SignedRequestCapture} on the five signed methods, so their signatures are checked over the
 * request bytes as received. Spring gRPC adds its global interceptors (error mapping, observation)
 * around it; health and reflection see the service under its usual name.
 */
@Component
public class KeyRegistryGrpcEndpoint implements BindableService {

  /** Methods whose requests carry a request signature (docs/PROTOCOL.md §2). */
  public static final Set<String> SIGNED_METHODS = Set.of(
      KeyRegistryServiceGrpc.getRegisterDidMethod().getFullMethodName(),
      KeyRegistryServiceGrpc.getAddDidKeyMethod().getFullMethodName(),
      KeyRegistryServiceGrpc.getRotateDidKeyMethod().getFullMethodName(),
      KeyRegistryServiceGrpc.getRevokeDidKeyMethod().getFullMethodName(),
      KeyRegistryServiceGrpc.getRegisterConnectionKeysMethod().getFullMethodName());

  private final KeyRegistryGrpcService service;

  public KeyRegistryGrpcEndpoint(KeyRegistryGrpcService service) {
    this.service = service;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return SignedRequestCapture.signedService(KeyRegistryServiceGrpc.bindService(service),
        SIGNED_METHODS);
  }
}
