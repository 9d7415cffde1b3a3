package org.credrelay.architecture;

/** The house rules applied to the key registry service. */
class KeyRegistryArchitectureTest extends RealServiceArchitectureTest {

  KeyRegistryArchitectureTest() {
    super(ServiceModule.KEY_REGISTRY);
  }
}
