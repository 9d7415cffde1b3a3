package org.credrelay.launcher;

/**
 * Where a running suite listens, however its services run (one JVM: {@link LocalSuite}, a JVM per
 * service: {@link ProcessSuite}); what the endpoint table and the demo need.
 */
public interface SuiteEndpoints {

  DatabaseCoordinates database();

  int registryGrpcPort();

  int registryHttpPort();

  int connectorGrpcPort();

  int connectorHttpPort();

  int gatewayHttpPort();
}
