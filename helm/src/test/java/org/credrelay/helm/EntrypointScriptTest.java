package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the image's entry point (docker/entrypoint.sh) with bash and a stand-in {@code java} that
 * prints its arguments, so the start command is checked without a container engine. The archive
 * itself exists only inside a built image ({@code /application/application.jsa}); here it is
 * absent, which is the case of an image built without one.
 */
class EntrypointScriptTest {

  private static final Path ENTRYPOINT =
      Path.of("..", "docker", "entrypoint.sh").toAbsolutePath().normalize();

  @TempDir Path bin;

  @Test
  void disabled_startsTheJarWithoutAnyArchiveOption() throws Exception {
    Result result = run("false", "--server.port=1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout().strip())
        .isEqualTo("java -jar /application/application.jar --server.port=1");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void enabled_withoutAnArchiveInTheImage_startsWithoutItAndSaysSo() throws Exception {
    Result result = run("true");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout().strip()).isEqualTo("java -jar /application/application.jar");
    assertThat(result.stderr()).contains("no class-data-sharing archive at");
  }

  @Test
  void unknownSwitchValue_refusesToStart() throws Exception {
    Result result = run("yes");

    assertThat(result.exitCode()).isEqualTo(64);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).contains("CREDRELAY_CDS_ENABLED must be true or false");
  }

  private Result run(String cdsEnabled, String... args) throws IOException, InterruptedException {
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho java \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    ProcessBuilder builder = new ProcessBuilder("bash", ENTRYPOINT.toString());
    builder.command().addAll(List.of(args));
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("CREDRELAY_CDS_ENABLED", cdsEnabled);
    Path out = bin.resolve("out");
    Path err = bin.resolve("err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("entry point finished").isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Result(int exitCode, String stdout, String stderr) {}
}
