package org.credrelay.archfixture.good.grpc;

import org.credrelay.archfixture.good.key.service.KeyManager;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;

/** Fixture: the one gRPC service class, in the root grpc package. */
class KeyRegistryGrpcService extends KeyRegistryServiceGrpc.KeyRegistryServiceImplBase {
  private final KeyManager keys;

  KeyRegistryGrpcService(KeyManager keys) {
    this.keys = keys;
  }

  String jwk(String id) {
    return KeyProtoMapper.jwkOf(keys.key(id));
  }
}
