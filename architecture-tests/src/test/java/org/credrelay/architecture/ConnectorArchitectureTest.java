package org.credrelay.architecture;

import org.junit.jupiter.api.Disabled;

/** The house rules applied to the connector service. */
@Disabled("enabled by the integrator after the service refactors land, issue 15")
class ConnectorArchitectureTest extends RealServiceArchitectureTest {

  ConnectorArchitectureTest() {
    super(ServiceModule.CONNECTOR);
  }
}
