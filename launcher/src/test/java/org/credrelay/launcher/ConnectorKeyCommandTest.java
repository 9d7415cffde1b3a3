package org.credrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code credrelay-local connector-key}: a key pair the connector and the registry both accept. */
class ConnectorKeyCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void connectorKey_writesAPrivateJwkAndPrintsItsPublicHalf() throws Exception {
    Path privateFile = dir.resolve("connector-signing-key.jwk");

    assertThat(run("connector-key", "--private-out", privateFile.toString())).isZero();

    // Parsed exactly as the services parse their settings, trailing newline included (kubectl
    // --from-file and helm --set-file keep it).
    KeyPairJwk pair = Keys.parsePrivate(Files.readString(privateFile), KeyUse.AUTHENTICATION);
    PublicKeyJwk published = Keys.parsePublic(out.toString(), KeyUse.AUTHENTICATION);
    assertThat(pair.curve()).isEqualTo(KeyCurve.ED25519);
    assertThat(published.kid()).isEqualTo(pair.kid());
    assertThat(published.toJson()).isEqualTo(pair.publicKey().toJson());
    assertThat(out.toString()).doesNotContain("\"d\"");
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(privateFile))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
  }

  @Test
  void connectorKey_onSecp256k1_givesAnEcKey() throws Exception {
    Path privateFile = dir.resolve("k1.jwk");

    assertThat(
            run("connector-key", "--curve", "secp256k1", "--private-out", privateFile.toString()))
        .isZero();

    assertThat(
            Keys.parsePrivate(Files.readString(privateFile).strip(), KeyUse.AUTHENTICATION).curve())
        .isEqualTo(KeyCurve.SECP256K1);
  }

  @Test
  void connectorKey_neverOverwritesAnExistingFile() throws Exception {
    Path existing = Files.writeString(dir.resolve("old.jwk"), "the old key");

    assertThat(run("connector-key", "--private-out", existing.toString())).isEqualTo(1);

    assertThat(Files.readString(existing)).isEqualTo("the old key");
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("refusing to overwrite");
  }

  @Test
  void connectorKey_withoutPrivateOut_isAUsageError() {
    assertThat(run("connector-key")).isEqualTo(2);
    assertThat(err.toString()).contains("--private-out");
  }

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new LauncherMain());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
