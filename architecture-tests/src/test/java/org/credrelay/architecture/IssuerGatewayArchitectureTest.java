package org.credrelay.architecture;

import org.junit.jupiter.api.Disabled;

/** The house rules applied to the issuer gateway service. */
@Disabled("enabled by the integrator after the service refactors land, issue 15")
class IssuerGatewayArchitectureTest extends RealServiceArchitectureTest {

  IssuerGatewayArchitectureTest() {
    super(ServiceModule.ISSUER_GATEWAY);
  }
}
