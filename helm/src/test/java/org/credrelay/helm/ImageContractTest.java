package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the images cannot be built in CI; these checks keep
 * docker/Dockerfile and the chart agreeing on what the chart relies on.
 */
class ImageContractTest {

  private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();

  private final String dockerfile = read(DOCKER.resolve("Dockerfile"));

  @Test
  void image_runsAsTheUserTheChartEnforces() {
    assertThat(dockerfile).contains("--uid 10001").contains("USER 10001:10001");
    assertThat(Values.read(Chart.VALUES))
        .extractingByKey("podSecurityContext")
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("runAsUser", 10001);
  }

  @Test
  void image_isALayeredBootJarInSpringBootsClassDataSharingLayout() {
    assertThat(dockerfile)
        .contains("ARG JAVA_IMAGE=eclipse-temurin:17-jre")
        .contains(
            "java -Djarmode=tools -jar application.jar extract --layers --destination extracted")
        .doesNotContain("--launcher")
        .contains("${SERVICE}/target/${SERVICE}-${VERSION}-exec.jar")
        .contains("ENTRYPOINT [\"/usr/local/bin/credrelay-entrypoint\"]")
        .contains("HEALTHCHECK");
    assertThat(read(DOCKER.resolve("entrypoint.sh")))
        .contains("exec java \"${cds_options[@]}\" -jar /application/application.jar \"$@\"");
  }

  /**
   * podman 4.3's buildah (Debian 12) has no heredocs; Docker builds it with or without BuildKit.
   */
  @Test
  void dockerfile_usesOnlySyntaxThatPodmanAndDockerBothBuild() {
    assertThat(dockerfile)
        .doesNotContainPattern("<<-?\\s*['\"]?\\w+")
        .doesNotContain("--chmod")
        .doesNotContain("--mount")
        .doesNotContain("# syntax=");
  }

  @Test
  void everyScriptTheImageCopies_isInTheBuildContext() {
    String dockerignore = read(DOCKER.resolve("Dockerfile.dockerignore"));
    List<String> scripts =
        Pattern.compile("(?m)^COPY (docker/\\S+) ")
            .matcher(dockerfile)
            .results()
            .map(match -> match.group(1))
            .toList();

    assertThat(scripts)
        .containsExactlyInAnyOrder(
            "docker/entrypoint.sh", "docker/healthcheck.sh", "docker/cds-train.sh")
        .allSatisfy(
            script -> {
              assertThat(DOCKER.resolveSibling(script)).isRegularFile();
              assertThat(dockerignore).contains("!" + script + "\n");
            });
  }

  @Test
  void archive_isTrainedOnTheFinalLayersAndMappedByDefault() {
    String training = read(DOCKER.resolve("cds-train.sh"));
    String entrypoint = read(DOCKER.resolve("entrypoint.sh"));

    // The archive only fits the jars it was trained on: train after the last layer is copied.
    assertThat(dockerfile.indexOf("RUN /usr/local/bin/credrelay-cds-train"))
        .isGreaterThan(dockerfile.lastIndexOf("COPY --from=layers"));
    assertThat(training)
        .contains("archive=/application/application.jsa")
        .contains("-XX:ArchiveClassesAtExit=\"${archive}\"")
        .contains("-Dspring.context.exit=onRefresh")
        .contains("--spring.flyway.enabled=false");
    assertThat(entrypoint)
        .contains("archive=/application/application.jsa")
        .contains("\"-XX:SharedArchiveFile=${archive}\" -Xshare:auto");
    // The image's default is the chart's default.
    assertThat(dockerfile).contains("CREDRELAY_CDS_ENABLED=true");
    assertThat(Values.read(Chart.VALUES))
        .extractingByKey("cds")
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("enabled", true);
  }

  @Test
  void migrationJob_copiesTheMigrationsFromWhereTheImagePutsThem() {
    assertThat(dockerfile).contains("WORKDIR /application");
    Job job =
        Chart.render()
            .minimal()
            .set("migrations.mode", "job")
            .call()
            .get(Job.class, "cr-credrelay-key-registry-migration");

    assertThat(
            String.join(
                " ", job.getSpec().getTemplate().getSpec().getInitContainers().get(0).getCommand()))
        .contains("/application/lib/db-*.jar");
  }

  @Test
  void buildInstructions_produceTheImageNamesTheChartDeploys() {
    String readme = read(DOCKER.resolve("README.md"));
    Map<String, String> imageByModule =
        Map.of(
            "connector-service", "credrelay-connector",
            "key-registry-service", "credrelay-key-registry",
            "issuer-gateway", "credrelay-issuer-gateway");
    RenderedRelease release = Chart.render().minimal().call();

    imageByModule.forEach(
        (module, image) -> {
          assertThat(readme)
              .containsPattern(
                  "--build-arg SERVICE=" + module + " +-t " + image + ":0\\.1\\.0 \\.");
          assertThat(Files.isDirectory(DOCKER.resolveSibling(module)))
              .as("module %s exists", module)
              .isTrue();
        });
    assertThat(RenderedRelease.COMPONENTS)
        .allSatisfy(
            component ->
                assertThat(imageByModule.values())
                    .contains(release.container(component).getImage().replace(":0.1.0", "")));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
