package org.credrelay.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/** The rules that keep deployables apart; parameterised by base package so the rule can be tested. */
final class ServiceBoundaryRules {

  /** The service modules' packages (module name = package name under the base package). */
  static final String SERVICES = "(connector|keyregistry|issuergateway)";

  private ServiceBoundaryRules() {}

  /**
   * No service module may use another service module's code: they share only {@code proto},
   * {@code db} and {@code e2e-crypto}, and talk to each other over the wire.
   */
  static ArchRule servicesDoNotDependOnEachOther(String basePackage) {
    return slices()
        .matching(basePackage + "." + SERVICES + "..")
        .namingSlices("service $1")
        .should().notDependOnEachOther()
        .because("services are separate deployables that only share proto, db and e2e-crypto");
  }
}
