package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every pod the chart can create runs restricted: non-root uid 10001, read-only root, no
 * privileges.
 */
class SecurityContextTest {

  /** The production values render Deployments, migration Jobs and helm test Pods. */
  private final List<PodSpec> pods =
      Chart.render().values(Chart.PRODUCTION_VALUES).call().podSpecs();

  @Test
  void everyPodKind_isCovered() {
    assertThat(pods).hasSize(3 + 3 + 3);
  }

  @Test
  void podSecurityContext_runsAsNonRootUser10001WithRuntimeDefaultSeccomp() {
    assertThat(pods)
        .allSatisfy(
            pod -> {
              PodSecurityContext context = pod.getSecurityContext();
              assertThat(context.getRunAsNonRoot()).isTrue();
              assertThat(context.getRunAsUser()).isEqualTo(10001L);
              assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            });
  }

  @Test
  void everyContainer_dropsAllCapabilitiesAndCannotEscalate() {
    assertThat(containers())
        .allSatisfy(
            container -> {
              SecurityContext context = container.getSecurityContext();
              assertThat(context.getRunAsNonRoot()).as(container.getName()).isTrue();
              assertThat(context.getRunAsUser()).isEqualTo(10001L);
              assertThat(context.getAllowPrivilegeEscalation()).isFalse();
              assertThat(context.getPrivileged()).isFalse();
              assertThat(context.getReadOnlyRootFilesystem()).isTrue();
              assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
              assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
              assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            });
  }

  @Test
  void serviceContainers_writeOnlyToAnEmptyDirAtTmp() {
    RenderedRelease release = Chart.render().minimal().call();
    for (String component : RenderedRelease.COMPONENTS) {
      PodSpec pod = release.deployment(component).getSpec().getTemplate().getSpec();
      Volume tmp =
          pod.getVolumes().stream()
              .filter(v -> v.getName().equals("tmp"))
              .findFirst()
              .orElseThrow();
      assertThat(tmp.getEmptyDir()).isNotNull();
      assertThat(tmp.getEmptyDir().getSizeLimit().toString()).isEqualTo("256Mi");
      assertThat(release.container(component).getVolumeMounts())
          .singleElement()
          .satisfies(
              mount -> {
                assertThat(mount.getName()).isEqualTo("tmp");
                assertThat(mount.getMountPath()).isEqualTo("/tmp");
              });
    }
  }

  @Test
  void pods_neverShareHostNamespacesOrUseHostPaths() {
    assertThat(pods)
        .allSatisfy(
            pod -> {
              assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
              assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
              assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
              assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
            });
  }

  @Test
  void valuesSchema_refusesARootSecurityContext() {
    assertThat(Chart.render().minimal().set("podSecurityContext.runAsNonRoot", false).failure())
        .contains("podSecurityContext.runAsNonRoot");
    assertThat(
            Chart.render()
                .minimal()
                .set("containerSecurityContext.allowPrivilegeEscalation", true)
                .failure())
        .contains("containerSecurityContext.allowPrivilegeEscalation");
  }

  private List<Container> containers() {
    return pods.stream()
        .flatMap(
            pod -> Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()))
        .toList();
  }
}
