package org.credrelay.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.EvaluationResult;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every house rule can fail: each fixture package under {@code org.credrelay.archfixture.bad}
 * breaks exactly one rule, and that rule (and no other) reports the offending class.
 */
class BadFixturesTest {

  /** A fixture package, the one rule it breaks, and the class the report must name. */
  record BadFixture(String name, String ruleId, String offender) {

    String root() {
      return "org.credrelay.archfixture.bad." + name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<BadFixture> FIXTURES =
      List.of(
          new BadFixture("r1", "R1", "r1.message.store.MessageStore"),
          new BadFixture(
              "r1servicetotransport", "R1", "r1servicetotransport.key.service.KeyManager"),
          new BadFixture("r1transporttostore", "R1", "r1transporttostore.key.rest.KeyController"),
          new BadFixture("r2", "R2", "r2.delivery.service.DeliveryManager"),
          new BadFixture("r3a", "R3a", "r3a.connection.service.ConnectionManager"),
          new BadFixture("r3b", "R3b", "r3b.tenant.service.TenantNames"),
          new BadFixture("r4entity", "R4", "r4entity.key.service.KeyEntity"),
          new BadFixture("r4repository", "R4", "r4repository.key.service.KeyRepository"),
          new BadFixture("r5", "R5", "r5.connection.service.ConnectionManager"),
          new BadFixture("n1", "N1", "n1.key.grpc.KeyRegistryGrpcEndpoint"),
          new BadFixture("n2", "N2", "n2.key.rest.KeyResource"),
          new BadFixture("n3", "N3", "n3.nonce.service.NoncePurger"),
          new BadFixture("n3registrar", "N3", "n3registrar.sync.service.StateSyncJob"),
          new BadFixture("n4", "N4", "n4.nonce.service.NoncePurgeJob"),
          new BadFixture("n5", "N5", "n5.auth.store.PostgresNonceStore"),
          new BadFixture("n6", "N6", "n6.key.service.KeyCache"),
          new BadFixture("e1", "E1", "e1.key.service.KeyManager"));

  static List<BadFixture> fixtures() {
    return FIXTURES;
  }

  @ParameterizedTest(name = "{0} violates {1} and no other rule")
  @MethodSource("fixtures")
  void fixture_isReportedByItsRuleOnly(BadFixture fixture) {
    ServiceModule service = new ServiceModule(fixture.name(), fixture.root());
    List<ServiceModule> services =
        List.of(service, new ServiceModule("peer", fixture.root() + "peer"));
    JavaClasses classes = ImportedClasses.ofFixture(fixture.root());

    Map<String, EvaluationResult> violated = new LinkedHashMap<>();
    for (HouseRule rule : HouseRules.forService(service, services)) {
      EvaluationResult result = rule.rule().evaluate(classes);
      if (result.hasViolation()) {
        violated.put(rule.id(), result);
      }
    }

    assertThat(violated.keySet()).containsExactly(fixture.ruleId());
    assertThat(violated.get(fixture.ruleId()).getFailureReport().toString())
        .contains("org.credrelay.archfixture.bad." + fixture.offender());
  }

  @Test
  void everyRule_hasABadFixture() {
    List<String> ruleIds =
        HouseRules.forService(ServiceModule.CONNECTOR, ServiceModule.ALL).stream()
            .map(HouseRule::id)
            .toList();

    assertThat(FIXTURES.stream().map(BadFixture::ruleId).distinct())
        .containsExactlyInAnyOrderElementsOf(ruleIds);
  }

  @Test
  void everyRule_isATestOfTheContract() {
    long tests =
        Arrays.stream(HouseRulesContract.class.getDeclaredMethods())
            .map(Method::getName)
            .filter(name -> name.matches("[rne]\\d.*"))
            .count();

    assertThat(tests)
        .isEqualTo(HouseRules.forService(ServiceModule.CONNECTOR, ServiceModule.ALL).size());
  }
}
