package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Flyway runs at service start-up by default; migrations.mode=job moves it into
 * pre-install/pre-upgrade Jobs.
 */
class MigrationModeTest {

  @Test
  void startupMode_leavesFlywayToTheServicesAndRendersNoJob() {
    RenderedRelease release = Chart.render().minimal().call();

    assertThat(release.all(Job.class)).isEmpty();
    for (String component : RenderedRelease.COMPONENTS) {
      assertThat(release.config(component)).doesNotContainKey("SPRING_FLYWAY_ENABLED");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "connector, connector",
    "key-registry, key_registry",
    "issuer-gateway, issuer_gateway"
  })
  void jobMode_migratesEachServicesOwnSchemaInAHookJob(String component, String schema) {
    RenderedRelease release = Chart.render().minimal().set("migrations.mode", "job").call();
    Job job = release.get(Job.class, RenderedRelease.nameOf(component) + "-migration");

    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
        .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
    Container flyway = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(flyway.getImage()).isEqualTo("docker.io/flyway/flyway:12.4.0");
    assertThat(flyway.getArgs())
        .containsSequence(
            "-schemas=" + schema,
            "-defaultSchema=" + schema,
            "-locations=classpath:db/migration/" + schema);
    assertThat(flyway.getArgs()).last().isEqualTo("migrate");
    assertThat(env(flyway, "FLYWAY_URL").getValue())
        .isEqualTo("jdbc:postgresql://postgres:5432/credrelay");
    assertThat(env(flyway, "FLYWAY_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("credrelay-db");

    Container copy = job.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertThat(copy.getImage()).isEqualTo(release.container(component).getImage());
    assertThat(copy.getCommand()).last().asString().contains("/application/lib/db-*.jar");
    // Migration pods must not match the Service selectors.
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", component + "-migration");

    assertThat(release.config(component)).containsEntry("SPRING_FLYWAY_ENABLED", "false");
  }

  @Test
  void jobMode_onlyMigratesEnabledServices() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("migrations.mode", "job")
            .set("issuerGateway.enabled", false)
            .call();

    assertThat(release.all(Job.class))
        .map(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "cr-credrelay-connector-migration", "cr-credrelay-key-registry-migration");
  }

  @Test
  void jobMode_passesExtraFlywayArgumentsBeforeTheCommand() {
    Job job =
        Chart.render()
            .minimal()
            .set("migrations.mode", "job")
            .set("migrations.job.extraArgs[0]", "-validateMigrationNaming=true")
            .call()
            .get(Job.class, "cr-credrelay-connector-migration");

    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .endsWith("-validateMigrationNaming=true", "migrate");
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError("no env " + name + " in " + Map.of("env", container.getEnv())));
  }
}
