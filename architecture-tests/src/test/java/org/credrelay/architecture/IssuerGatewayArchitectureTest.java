package org.credrelay.architecture;

/** The house rules applied to the issuer gateway service. */
class IssuerGatewayArchitectureTest extends RealServiceArchitectureTest {

  IssuerGatewayArchitectureTest() {
    super(ServiceModule.ISSUER_GATEWAY);
  }
}
