package org.credrelay.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The house rules as tests, one method per rule (so a failure names the rule), run by a subclass
 * per service and by the good fixture. {@code HouseRulesFixtureTest} checks that this class has a
 * test for every rule of {@link HouseRules#forService}.
 */
abstract class HouseRulesContract {

  /** The service under test. */
  abstract ServiceModule service();

  /** All services, so R5 knows which packages the service under test must not import. */
  abstract List<ServiceModule> services();

  /** Classes containing at least the service under test. */
  abstract JavaClasses classes();

  private String root() {
    return service().rootPackage();
  }

  @BeforeEach
  void serviceHasClasses() {
    // A service that contributes no classes would pass every rule without being checked.
    assertThat(classes().that(resideInAPackage(root() + "..")))
        .as("classes of %s", service())
        .hasSizeGreaterThan(5);
  }

  @Test
  void r1_transportServiceStore_neverBackwards() {
    HouseRules.layers(root()).check(classes());
  }

  @Test
  void r2_featuresDoNotUseAnotherFeaturesStore() {
    HouseRules.noFeatureReachesAnotherFeaturesStore(root()).check(classes());
  }

  @Test
  void r3a_noCyclesAmongFeatures() {
    HouseRules.noCyclesAmongFeatures(root()).check(classes());
  }

  @Test
  void r3b_noCyclesAmongPackages() {
    HouseRules.noCyclesAmongPackages(root()).check(classes());
  }

  @Test
  void r4_entitiesAndRepositoriesStayInStores() {
    HouseRules.persistenceStaysInStores(root()).check(classes());
  }

  @Test
  void r5_noOtherServiceImported() {
    HouseRules.noOtherServiceImported(service(), services()).check(classes());
  }

  @Test
  void n1_grpcServicesAreGrpcServiceClassesInRootGrpc() {
    HouseRules.grpcServicesAreNamedAndPlaced(root()).check(classes());
  }

  @Test
  void n2_restControllersAreControllersInFeatureRest() {
    HouseRules.controllersAreNamedAndPlaced(root()).check(classes());
  }

  @Test
  void n3_scheduledWorkLivesInJobs() {
    HouseRules.scheduledWorkLivesInJobs(root()).check(classes());
  }

  @Test
  void n4_scheduleComesFromProperties() {
    HouseRules.scheduleComesFromProperties(root()).check(classes());
  }

  @Test
  void n5_sharedSecurityPlumbingIsNotCopied() {
    HouseRules.sharedSecurityPlumbingIsNotCopied(root()).check(classes());
  }

  @Test
  void n6_cachesUseCaffeine() {
    HouseRules.cachesUseCaffeine(root()).check(classes());
  }

  @Test
  void e1_onlyTheErrorMapperBuildsRichStatuses() {
    HouseRules.onlyTheErrorMapperBuildsRichStatuses(root()).check(classes());
  }
}
