package org.credrelay.issuergateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** The gateway's own layering rules (the service boundary rule lives in architecture-tests). */
class ArchitectureTest {

  private static final JavaClasses GATEWAY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.credrelay.issuergateway");

  @Test
  void jpaEntities_liveInStorePackages_andAreUsedOnlyThere() {
    classes().that().areAnnotatedWith(Entity.class).should().resideInAPackage("..store..")
        .andShould().notBePublic().check(GATEWAY);
    noClasses().that().resideOutsideOfPackage("..store..").should().dependOnClassesThat()
        .areAnnotatedWith(Entity.class).check(GATEWAY);
  }

  @Test
  void controllers_areInRestPackages_andDoNotTouchStores() {
    classes().that().areAnnotatedWith(RestController.class).should().resideInAPackage("..rest..")
        .andShould().haveSimpleNameEndingWith("Controller").check(GATEWAY);
    noClasses().that().resideInAPackage("..rest..").should().dependOnClassesThat()
        .resideInAPackage("..store..").check(GATEWAY);
  }

  @Test
  void gateway_doesNotDependOnOtherServices() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("org.credrelay.connector..",
        "org.credrelay.keyregistry..").check(GATEWAY);
  }
}
