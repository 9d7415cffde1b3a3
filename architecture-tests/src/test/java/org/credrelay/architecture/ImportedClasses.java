package org.credrelay.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Imports classes once per JVM: importing a service with its dependencies takes seconds. */
final class ImportedClasses {

  private static final Map<String, JavaClasses> CACHE = new ConcurrentHashMap<>();

  private ImportedClasses() {}

  /** The main (non-test) classes of all three services, imported together once. */
  static JavaClasses ofServices() {
    return CACHE.computeIfAbsent(
        "services",
        key ->
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(
                    ServiceModule.ALL.stream().map(ServiceModule::rootPackage).toList()));
  }

  /** The fixture classes under {@code packageName} (they are test classes of this module). */
  static JavaClasses ofFixture(String packageName) {
    return CACHE.computeIfAbsent(
        packageName, key -> new ClassFileImporter().importPackages(packageName));
  }
}
