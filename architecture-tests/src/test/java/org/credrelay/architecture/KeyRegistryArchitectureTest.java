package org.credrelay.architecture;

import org.junit.jupiter.api.Disabled;

/** The house rules applied to the key registry service. */
@Disabled("enabled by the integrator after the service refactors land, issue 15")
class KeyRegistryArchitectureTest extends RealServiceArchitectureTest {

  KeyRegistryArchitectureTest() {
    super(ServiceModule.KEY_REGISTRY);
  }
}
