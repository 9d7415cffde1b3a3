package org.credrelay.keyregistry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The house rules of this module's package structure, enforced. */
class KeyRegistryArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("org.credrelay.keyregistry");
  }

  @Test
  void jpaEntities_stayPackagePrivateInsideStorePackages() {
    classes().that().areAnnotatedWith(Entity.class)
        .should().resideInAPackage("..store..").andShould().notBePublic()
        .check(classes);
  }

  @Test
  void transports_neverReachIntoStores() {
    noClasses().that().resideInAnyPackage("org.credrelay.keyregistry..rest..",
            "org.credrelay.keyregistry..grpc..")
        .should().dependOnClassesThat().resideInAPackage("org.credrelay.keyregistry..store..")
        .check(classes);
  }

  @Test
  void historyVerifier_isUsableWithoutSpringOrTheServer() {
    noClasses().that().resideInAPackage("..history.client..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
            "org.credrelay.keyregistry..service..", "org.credrelay.keyregistry..store..",
            "org.credrelay.keyregistry..grpc..", "org.credrelay.keyregistry..rest..")
        .check(classes);
  }

  @Test
  void onlyTheErrorMappersTranslateErrorsForClients() {
    noClasses().that().resideOutsideOfPackages("..error..")
        .and().doNotHaveFullyQualifiedName("org.credrelay.keyregistry.grpc.GrpcErrorMapper")
        .should().dependOnClassesThat().haveFullyQualifiedName("io.grpc.protobuf.StatusProto")
        .check(classes);
  }
}
