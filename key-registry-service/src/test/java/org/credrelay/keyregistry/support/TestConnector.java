package org.credrelay.keyregistry.support;

import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;

/**
 * The connector the test registry trusts ({@code keyregistry.connectors.trusted-keys}, set by
 * {@link RegistryIntegrationTest}); {@link RegistryGrpcClient#registerConnectionKeys} signs with
 * it.
 */
public final class TestConnector {

  /** The trusted connector's signing key, one per test JVM. */
  public static final KeyPairJwk KEY = Keys.generateAuthentication();

  private TestConnector() {}
}
