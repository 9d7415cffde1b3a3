package org.credrelay.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ServiceBoundaryTest {

  @Test
  void serviceModules_doNotDependOnEachOther() {
    JavaClasses services = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.credrelay.connector", "org.credrelay.keyregistry",
            "org.credrelay.issuergateway");
    // Each service contributes classes, so the rule below checks something real.
    assertThat(services.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
        .contains("connector", "keyregistry", "issuergateway");

    ServiceBoundaryRules.servicesDoNotDependOnEachOther("org.credrelay").check(services);
  }

  @Test
  void rule_fails_whenOneServiceUsesAnother() {
    JavaClasses violating = new ClassFileImporter()
        .importPackages("org.credrelay.architecture.fixture");

    assertThatThrownBy(() -> ServiceBoundaryRules
        .servicesDoNotDependOnEachOther("org.credrelay.architecture.fixture").check(violating))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("service connector")
        .hasMessageContaining("service keyregistry");
  }
}
