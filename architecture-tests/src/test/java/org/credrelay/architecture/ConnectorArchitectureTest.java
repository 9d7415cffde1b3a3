package org.credrelay.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;

/** The house rules applied to the connector service's main classes. */
class ConnectorArchitectureTest extends HouseRulesContract {

  @Override
  ServiceModule service() {
    return ServiceModule.CONNECTOR;
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
