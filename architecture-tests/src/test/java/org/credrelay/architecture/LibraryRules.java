package org.credrelay.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * L1: the shared libraries every service and client uses (rpc-signing, key-history, rest-support,
 * e2e-crypto) are plain Java, so the wallet and any client can use them without a Spring server.
 * This replaces the key registry's own check that its history verifier stayed Spring-free.
 */
final class LibraryRules {

  /** The shared plain-Java libraries' packages under the project base package. */
  static final List<String> LIBRARIES =
      List.of("rpcsigning", "keyhistory", "restsupport", "e2ecrypto");

  private LibraryRules() {}

  /** L1 for the libraries under {@code base} (the services live under the same base). */
  static ArchRule librariesArePlainJava(String base) {
    String[] libraries = LIBRARIES.stream().map(l -> base + "." + l + "..").toArray(String[]::new);
    String[] forbidden =
        new String[] {
          "org.springframework..",
          base + ".connector..",
          base + ".keyregistry..",
          base + ".issuergateway.."
        };
    return noClasses()
        .that()
        .resideInAnyPackage(libraries)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .as("L1 the shared libraries under " + base + " use neither Spring nor a service")
        .because("clients such as the wallet use them without a Spring server")
        .allowEmptyShould(true);
  }
}
