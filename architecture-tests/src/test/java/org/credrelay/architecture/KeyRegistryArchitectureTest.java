package org.credrelay.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;

/** The house rules applied to the key registry service's main classes. */
class KeyRegistryArchitectureTest extends HouseRulesContract {

  @Override
  ServiceModule service() {
    return ServiceModule.KEY_REGISTRY;
  }

  @Override
  List<ServiceModule> services() {
    return ServiceModule.ALL;
  }

  @Override
  JavaClasses classes() {
    return ImportedClasses.ofServices();
  }
}
