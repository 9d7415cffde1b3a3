package org.credrelay.connector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Package by feature, then role: grpc -> service -> store, and entities stay in store. */
class ConnectorLayeringTest {

  private static JavaClasses connector;

  @BeforeAll
  static void importClasses() {
    connector = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.credrelay.connector");
  }

  @Test
  void stores_dependOnNeitherServicesNorTransport() {
    noClasses().that().resideInAPackage("org.credrelay.connector..store..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.credrelay.connector..service..", "org.credrelay.connector..grpc..")
        .check(connector);
  }

  @Test
  void services_doNotDependOnTransport() {
    noClasses().that().resideInAPackage("org.credrelay.connector..service..")
        .should().dependOnClassesThat().resideInAPackage("org.credrelay.connector..grpc..")
        .check(connector);
  }

  @Test
  void jpaEntities_areOnlyUsedInsideTheirStorePackage() {
    classes().that().areAnnotatedWith(Entity.class)
        .should().onlyBeAccessed().byClassesThat().resideInAPackage("org.credrelay.connector..store..")
        .andShould().notBePublic()
        .check(connector);
  }
}
