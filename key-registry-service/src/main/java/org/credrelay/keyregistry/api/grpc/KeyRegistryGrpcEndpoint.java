package org.credrelay.keyregistry.api.grpc;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.rpcsigning.SignatureVerifyingInterceptor;
import org.springframework.stereotype.Component;

/**
 * What Spring gRPC serves for {@code KeyRegistryService}: {@link KeyRegistryGrpcService} behind
 * rpc-signing's {@link SignatureVerifyingInterceptor}, which verifies every rpc the .proto declares
 * signed over the request bytes as received, before they are parsed. Spring gRPC adds its global
 * interceptors (error mapping, observation) around it; health and reflection see the service under
 * its usual name.
 */
@Component
public class KeyRegistryGrpcEndpoint implements BindableService {

  private final KeyRegistryGrpcService service;
  private final SignatureVerifyingInterceptor verification;

  public KeyRegistryGrpcEndpoint(KeyRegistryGrpcService service,
      SignatureVerifyingInterceptor verification) {
    this.service = service;
    this.verification = verification;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return verification.protect(KeyRegistryServiceGrpc.bindService(service));
  }
}
