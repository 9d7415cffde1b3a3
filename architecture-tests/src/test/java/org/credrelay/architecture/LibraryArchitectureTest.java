package org.credrelay.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** L1 against the real shared libraries, and proof that it fails on a fixture. */
class LibraryArchitectureTest {

  @Test
  void sharedLibraries_useNeitherSpringNorAService() {
    JavaClasses libraries =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(
                LibraryRules.LIBRARIES.stream().map(l -> "org.credrelay." + l).toList());
    // The libraries reach this module through the services; make sure some were found.
    assertThat(libraries.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
        .contains("rpcsigning", "keyhistory", "e2ecrypto");

    LibraryRules.librariesArePlainJava("org.credrelay").check(libraries);
  }

  @Test
  void rule_fails_whenALibraryUsesSpring() {
    String base = "org.credrelay.archfixture.bad.l1";
    JavaClasses fixture = ImportedClasses.ofFixture(base);

    assertThatThrownBy(() -> LibraryRules.librariesArePlainJava(base).check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(base + ".rpcsigning.SpringSigner");
  }

  @Test
  void rule_passes_onAPlainJavaLibrary() {
    String base = "org.credrelay.archfixture.goodlib";

    JavaClasses fixture = ImportedClasses.ofFixture(base);
    assertThat(fixture).isNotEmpty();

    LibraryRules.librariesArePlainJava(base).check(fixture);
  }
}
