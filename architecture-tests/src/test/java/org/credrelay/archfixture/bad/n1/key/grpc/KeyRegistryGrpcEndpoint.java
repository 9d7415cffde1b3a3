package org.credrelay.archfixture.bad.n1.key.grpc;

import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;

/** Fixture violating N1 only: the generated base extended by a misnamed class in a feature. */
class KeyRegistryGrpcEndpoint extends KeyRegistryServiceGrpc.KeyRegistryServiceImplBase {}
