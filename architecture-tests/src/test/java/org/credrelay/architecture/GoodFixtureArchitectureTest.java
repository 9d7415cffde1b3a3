package org.credrelay.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;

/**
 * The house rules against a miniature service that follows all of them, so a rule that rejects
 * well-formed code (not only the real services' current state) shows up here.
 */
class GoodFixtureArchitectureTest extends HouseRulesContract {

  private static final ServiceModule GOOD =
      new ServiceModule("good fixture", "org.credrelay.archfixture.good");

  @Override
  ServiceModule service() {
    return GOOD;
  }

  @Override
  List<ServiceModule> services() {
    return List.of(GOOD, new ServiceModule("peer", "org.credrelay.archfixture.goodpeer"));
  }

  @Override
  JavaClasses classes() {
    return ImportedClasses.ofFixture(GOOD.rootPackage());
  }
}
