package org.credrelay.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.metaAnnotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/**
 * The one architecture rule set of credrelay, applied identically to every service (see
 * docs/decisions/0019-one-architecture-rule-set.md). A rule only looks at classes under the
 * service's root package, so the same rules run against the real services and the fixtures.
 */
final class HouseRules {

  static final String SCHEDULED = "org.springframework.scheduling.annotation.Scheduled";
  private static final String REST_CONTROLLER =
      "org.springframework.web.bind.annotation.RestController";
  private static final String SCHEDULED_TASK_REGISTRAR =
      "org.springframework.scheduling.config.ScheduledTaskRegistrar";
  private static final String STATUS_PROTO = "io.grpc.protobuf.StatusProto";

  /** One violation per class (ArchUnit's own "depend on" condition lists every dependency). */
  private static final ArchCondition<JavaClass> USE_CAFFEINE =
      new ArchCondition<>("hold a Caffeine cache") {
        @Override
        public void check(JavaClass type, ConditionEvents events) {
          boolean caffeine =
              type.getDirectDependenciesFromSelf().stream()
                  .anyMatch(
                      d ->
                          d.getTargetClass()
                              .getPackageName()
                              .startsWith("com.github.benmanes.caffeine"));
          if (!caffeine) {
            events.add(
                SimpleConditionEvent.violated(
                    type,
                    type.getName() + " uses no Caffeine cache in " + type.getSourceCodeLocation()));
          }
        }
      };

  private HouseRules() {}

  /** Every rule for {@code service}; {@code all} names the services it must not import. */
  static List<HouseRule> forService(ServiceModule service, List<ServiceModule> all) {
    String root = service.rootPackage();
    return List.of(
        new HouseRule("R1", layers(root)),
        new HouseRule("R2", noFeatureReachesAnotherFeaturesStore(root)),
        new HouseRule("R3a", noCyclesAmongFeatures(root)),
        new HouseRule("R3b", noCyclesAmongPackages(root)),
        new HouseRule("R4", persistenceStaysInStores(root)),
        new HouseRule("R5", noOtherServiceImported(service, all)),
        new HouseRule("N1", grpcServicesAreNamedAndPlaced(root)),
        new HouseRule("N2", controllersAreNamedAndPlaced(root)),
        new HouseRule("N3", scheduledWorkLivesInJobs(root)),
        new HouseRule("N4", scheduleComesFromProperties(root)),
        new HouseRule("N5", sharedSecurityPlumbingIsNotCopied(root)),
        new HouseRule("N6", cachesUseCaffeine(root)),
        new HouseRule("E1", onlyTheErrorMapperBuildsRichStatuses(root)));
  }

  /** R1: transport ({@code grpc}, {@code rest}) -> {@code service} -> {@code store}, never back. */
  static ArchRule layers(String root) {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("Transport")
        .definedBy(root + "..grpc..", root + "..rest..")
        .layer("Service")
        .definedBy(root + "..service..")
        .layer("Store")
        .definedBy(root + "..store..")
        .whereLayer("Transport")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Service")
        .mayOnlyBeAccessedByLayers("Transport")
        .whereLayer("Store")
        .mayOnlyBeAccessedByLayers("Service")
        .as("R1 layers of " + root + ": transport (grpc, rest) -> service -> store")
        .because("a store knows no rules and a rule knows no wire format");
  }

  /** R2: a feature reaches another feature through its service (or domain types), not its store. */
  static ArchRule noFeatureReachesAnotherFeaturesStore(String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should(new NotReachingIntoAnotherFeaturesStore(root))
        .as("R2 features of " + root + " do not use another feature's store")
        .allowEmptyShould(true);
  }

  /** R3a: the features (packages directly under the root) form no dependency cycle. */
  static ArchRule noCyclesAmongFeatures(String root) {
    return slices()
        .matching(root + ".(*)..")
        .namingSlices("feature $1")
        .should()
        .beFreeOfCycles()
        .as("R3a no cycles among the features of " + root)
        .allowEmptyShould(true);
  }

  /** R3b: no package of the service (feature or sub-package) takes part in a cycle. */
  static ArchRule noCyclesAmongPackages(String root) {
    return slices()
        .matching(root + ".(**)")
        .namingSlices("package $1")
        .should()
        .beFreeOfCycles()
        .as("R3b no cycles among the packages of " + root)
        .allowEmptyShould(true);
  }

  /**
   * R4: JPA types and Spring Data repositories live in {@code store} packages; entities are
   * package-private and nothing outside a store uses them (they never leave the store).
   */
  static ArchRule persistenceStaysInStores(String root) {
    DescribedPredicate<JavaClass> inService = resideInAPackage(root + "..");
    DescribedPredicate<JavaClass> jpaTypes =
        DescribedPredicate.describe(
            "JPA entities",
            type ->
                type.isMetaAnnotatedWith("jakarta.persistence.Entity")
                    || type.isMetaAnnotatedWith("jakarta.persistence.Embeddable")
                    || type.isMetaAnnotatedWith("jakarta.persistence.MappedSuperclass"));
    DescribedPredicate<JavaClass> repositories =
        DescribedPredicate.describe(
            "Spring Data repositories",
            type ->
                type.isAssignableTo("org.springframework.data.repository.Repository")
                    || type.isMetaAnnotatedWith("org.springframework.stereotype.Repository"));
    return CompositeArchRule.of(
            classes()
                .that(inService.and(jpaTypes))
                .should()
                .resideInAPackage(root + "..store..")
                .andShould()
                .notBePublic()
                .allowEmptyShould(true))
        .and(
            classes()
                .that(inService.and(repositories))
                .should()
                .resideInAPackage(root + "..store..")
                .allowEmptyShould(true))
        .and(
            noClasses()
                .that(inService)
                .and()
                .resideOutsideOfPackage(root + "..store..")
                .should()
                .dependOnClassesThat(jpaTypes)
                .allowEmptyShould(true))
        .as("R4 JPA entities and repositories of " + root + " live in and stay in store packages");
  }

  /** R5: a service never imports another service's code; they only talk over the wire. */
  static ArchRule noOtherServiceImported(ServiceModule service, List<ServiceModule> all) {
    String[] others = service.otherRoots(all).stream().map(r -> r + "..").toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAPackage(service.everything())
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others)
        .as("R5 " + service.rootPackage() + " imports no other service's packages")
        .because("services are separate deployables sharing only proto, db and libraries")
        .allowEmptyShould(true);
  }

  /** N1: the class implementing a generated gRPC service is a {@code *GrpcService} in root grpc. */
  static ArchRule grpcServicesAreNamedAndPlaced(String root) {
    return classes()
        .that(
            resideInAPackage(root + "..")
                .and(assignableTo("io.grpc.BindableService"))
                .and(DescribedPredicate.not(JavaClass.Predicates.INTERFACES)))
        .should()
        .haveSimpleNameEndingWith("GrpcService")
        .andShould()
        .resideInAPackage(root + ".grpc")
        .as(
            "N1 gRPC service implementations of "
                + root
                + " are *GrpcService classes in "
                + root
                + ".grpc")
        .allowEmptyShould(true);
  }

  /** N2: REST controllers are {@code <feature>.rest.*Controller}. */
  static ArchRule controllersAreNamedAndPlaced(String root) {
    return classes()
        .that(resideInAPackage(root + "..").and(metaAnnotatedWith(REST_CONTROLLER)))
        .should()
        .haveSimpleNameEndingWith("Controller")
        .andShould()
        .resideInAPackage(root + ".*.rest")
        .as("N2 REST controllers of " + root + " are *Controller classes in <feature>.rest")
        .allowEmptyShould(true);
  }

  /**
   * N3: scheduled work is an {@code @Scheduled} method of a {@code *Job} class; tasks are not
   * registered by hand (only {@code config} may tune the scheduler through the registrar).
   */
  static ArchRule scheduledWorkLivesInJobs(String root) {
    return CompositeArchRule.of(
            methods()
                .that()
                .areAnnotatedWith(SCHEDULED)
                .and()
                .areDeclaredInClassesThat()
                .resideInAPackage(root + "..")
                .should()
                .beDeclaredInClassesThat()
                .haveSimpleNameEndingWith("Job")
                .allowEmptyShould(true))
        .and(
            noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .resideOutsideOfPackage(root + ".config..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName(SCHEDULED_TASK_REGISTRAR)
                .allowEmptyShould(true))
        .as("N3 scheduled work of " + root + " is an @Scheduled method of a *Job class");
  }

  /** N4: {@code @Scheduled(fixedDelayString = "${...}")}: the delay comes from configuration. */
  static ArchRule scheduleComesFromProperties(String root) {
    return methods()
        .that()
        .areAnnotatedWith(SCHEDULED)
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage(root + "..")
        .should(new ScheduledByConfiguredFixedDelay())
        .as("N4 @Scheduled methods of " + root + " use fixedDelayString = \"${...}\"")
        .allowEmptyShould(true);
  }

  /** N5: the shared security plumbing (rpc-signing, key-history) is used, not copied. */
  static ArchRule sharedSecurityPlumbingIsNotCopied(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .haveSimpleNameEndingWith("NonceStore")
        .orShould()
        .haveSimpleNameEndingWith("JtiStore")
        .orShould()
        .haveSimpleName("KeyHistoryVerifier")
        .as("N5 " + root + " defines no *NonceStore, *JtiStore or KeyHistoryVerifier of its own")
        .because("one nonce store lives in rpc-signing and the key-history verifier in key-history")
        .allowEmptyShould(true);
  }

  /** N6: a class named {@code *Cache} is a Caffeine cache (bounded by size and time). */
  static ArchRule cachesUseCaffeine(String root) {
    return classes()
        .that(
            resideInAPackage(root + "..")
                .and(simpleNameEndingWith("Cache"))
                .and(DescribedPredicate.not(JavaClass.Predicates.INTERFACES)))
        .should(USE_CAFFEINE)
        .as("N6 *Cache classes of " + root + " use Caffeine")
        .allowEmptyShould(true);
  }

  /**
   * E1: only the service's one error mapper (in root {@code error} or root {@code grpc}) builds
   * gRPC statuses with details, so every error carries the same ErrorInfo.
   */
  static ArchRule onlyTheErrorMapperBuildsRichStatuses(String root) {
    DescribedPredicate<JavaMethodCall> buildsRichStatus =
        DescribedPredicate.describe(
            "StatusProto.toStatus*(..)",
            call ->
                call.getTargetOwner().getFullName().equals(STATUS_PROTO)
                    && call.getName().startsWith("toStatus"));
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .resideOutsideOfPackages(root + ".error..", root + ".grpc..")
        .should()
        .callMethodWhere(buildsRichStatus)
        .as("E1 only " + root + ".error or .grpc builds gRPC statuses with details")
        .allowEmptyShould(true);
  }
}
