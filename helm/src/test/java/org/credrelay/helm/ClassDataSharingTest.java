package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every service starts with the class-data-sharing archive built into its image unless {@code
 * cds.enabled} is false; the chart passes the choice to the image's entry point as {@code
 * CREDRELAY_CDS_ENABLED} (docker/entrypoint.sh, {@link EntrypointScriptTest}).
 */
class ClassDataSharingTest {

  @Test
  void byDefault_everyServiceMapsTheArchive() {
    for (RenderedRelease release :
        new RenderedRelease[] {
          Chart.render().minimal().call(), Chart.render().values(Chart.PRODUCTION_VALUES).call()
        }) {
      assertThat(RenderedRelease.COMPONENTS)
          .allSatisfy(
              component ->
                  assertThat(release.config(component))
                      .containsEntry("CREDRELAY_CDS_ENABLED", "true"));
    }
  }

  @Test
  void disabled_everyServiceStartsWithoutTheArchive() {
    RenderedRelease release = Chart.render().minimal().set("cds.enabled", false).call();

    assertThat(RenderedRelease.COMPONENTS)
        .allSatisfy(
            component ->
                assertThat(release.config(component))
                    .containsEntry("CREDRELAY_CDS_ENABLED", "false"));
  }

  @Test
  void nonBooleanSwitch_isRejected() {
    assertThat(Chart.render().minimal().set("cds.enabled", "off").failure())
        .contains("cds.enabled: Invalid type. Expected: boolean, given: string");
  }

  @Test
  void theSwitch_reachesTheContainerThroughItsConfigMap() {
    RenderedRelease release = Chart.render().minimal().call();

    assertThat(RenderedRelease.COMPONENTS)
        .allSatisfy(
            component -> {
              assertThat(release.env(component, "CREDRELAY_CDS_ENABLED")).isEmpty();
              assertThat(release.container(component).getEnvFrom())
                  .anySatisfy(
                      source ->
                          assertThat(source.getConfigMapRef().getName())
                              .isEqualTo(RenderedRelease.nameOf(component)));
            });
  }
}
