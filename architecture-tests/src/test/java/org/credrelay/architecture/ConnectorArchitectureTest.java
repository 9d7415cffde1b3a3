package org.credrelay.architecture;

/** The house rules applied to the connector service. */
class ConnectorArchitectureTest extends RealServiceArchitectureTest {

  ConnectorArchitectureTest() {
    super(ServiceModule.CONNECTOR);
  }
}
