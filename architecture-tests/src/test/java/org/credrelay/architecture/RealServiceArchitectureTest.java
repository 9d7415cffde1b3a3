package org.credrelay.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;

/** The house rules against one real service's main classes (imported once for all three). */
abstract class RealServiceArchitectureTest extends HouseRulesContract {

  private final ServiceModule service;

  RealServiceArchitectureTest(ServiceModule service) {
    this.service = service;
  }

  @Override
  ServiceModule service() {
    return service;
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
