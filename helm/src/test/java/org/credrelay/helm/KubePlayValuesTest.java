package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docker/kube-play.sh's values render, name the images docker/build-and-run.sh builds, and keep the
 * chart's defaults (ports moved by the offset the script's demo expects).
 */
class KubePlayValuesTest {

  private static final Path VALUES =
      Path.of("..", "docker", "kube-play-values.yaml").toAbsolutePath().normalize();

  private final RenderedRelease release =
      Chart.render()
          .values(VALUES)
          .set("database.url", "jdbc:postgresql://127.0.0.1:55434/credrelay")
          .set("keyRegistry.connectors.trustedKeys[0]", "{\"kty\":\"OKP\",\"crv\":\"Ed25519\"}")
          .call();

  @Test
  void kubePlayValues_useTheLocallyBuiltImages_neverPulled() {
    for (String component : RenderedRelease.COMPONENTS) {
      assertThat(release.container(component).getImage())
          .isEqualTo("localhost/credrelay-" + component + ":dev");
      assertThat(release.container(component).getImagePullPolicy()).isEqualTo("Never");
    }
  }

  @Test
  void kubePlayValues_moveEveryPortByTheScriptsOffset_andTargetLocalhost() {
    int offset = 11000;
    assertThat(release.config("issuer-gateway"))
        .containsEntry("SERVER_PORT", String.valueOf(8080 + offset))
        .containsEntry("SPRING_GRPC_CLIENT_CHANNEL_CONNECTOR_TARGET", "static://127.0.0.1:20092");
    assertThat(release.config("connector"))
        .containsEntry("SPRING_GRPC_SERVER_PORT", String.valueOf(9092 + offset))
        .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(8082 + offset))
        .doesNotContainKey("SPRING_FLYWAY_ENABLED");
    assertThat(release.config("key-registry"))
        .containsEntry("SPRING_GRPC_SERVER_PORT", String.valueOf(9091 + offset))
        .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(8091 + offset));
  }
}
