package org.credrelay.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;

/** The house rules applied to the issuer gateway service's main classes. */
class IssuerGatewayArchitectureTest extends HouseRulesContract {

  @Override
  ServiceModule service() {
    return ServiceModule.ISSUER_GATEWAY;
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
