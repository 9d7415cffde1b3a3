package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.credrelay.launcher.Demo;
import org.junit.jupiter.api.Test;

/** The README's demo (`./run.sh --demo`) runs through every step against the running suite. */
class DemoTest {

  @Test
  void demo_completesEveryStep_andShowsTheDecryptedCredential() {
    SharedSuite env = SharedSuite.get();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    boolean ok =
        new Demo(env.suite, env.adminApiKey, new PrintStream(printed, true, StandardCharsets.UTF_8))
            .run();

    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(ok).as(output).isTrue();
    assertThat(output)
        .contains("[demo] 5. the wallet receives and decrypts it")
        .contains("CONNECTION_VERIFIED")
        .contains("\"degree\":\"MSc Computing\"")
        .contains("[demo] done");
    assertThat(output).contains("█");
  }
}
