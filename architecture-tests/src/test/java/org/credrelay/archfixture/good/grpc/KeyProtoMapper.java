package org.credrelay.archfixture.good.grpc;

import org.credrelay.archfixture.good.key.RegisteredKey;

/** Fixture: a mapper beside the gRPC service. */
final class KeyProtoMapper {
  private KeyProtoMapper() {}

  static String jwkOf(RegisteredKey key) {
    return key.jwk();
  }
}
