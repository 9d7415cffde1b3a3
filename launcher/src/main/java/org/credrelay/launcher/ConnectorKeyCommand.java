package org.credrelay.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Callable;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code credrelay-local connector-key --private-out FILE}: a new connector signing key pair for a
 * real deployment (decision 0011). The private JWK goes to FILE only (created, owner-only where the
 * file system allows, never overwritten), for the connector's {@code
 * connector.key-registry.signing-key}; the public JWK is the only line on standard output, for the
 * registry's {@code keyregistry.connectors.trusted-keys}.
 */
@Command(
    name = "connector-key",
    mixinStandardHelpOptions = true,
    description = {
      "Creates a connector signing key pair for connector.key-registry.signing-key "
          + "(private JWK, written to --private-out) and keyregistry.connectors.trusted-keys "
          + "(public JWK, printed on standard output)."
    })
final class ConnectorKeyCommand implements Callable<Integer> {

  /** The curves the connector and the registry accept for this key: authentication curves. */
  enum Curve {
    ed25519(KeyCurve.ED25519),
    secp256k1(KeyCurve.SECP256K1);

    private final KeyCurve curve;

    Curve(KeyCurve curve) {
      this.curve = curve;
    }
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--private-out",
      required = true,
      paramLabel = "FILE",
      description =
          "New file for the private JWK (a secret: put it into a Kubernetes Secret "
              + "and delete the file). An existing file is never overwritten.")
  Path privateOut;

  @Option(
      names = "--curve",
      defaultValue = "ed25519",
      description = "Key curve: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Curve curve;

  @Override
  public Integer call() throws IOException {
    KeyPairJwk key = Keys.generate(curve.curve);
    try {
      writeOwnerOnly(privateOut, key.toPrivateJson());
    } catch (FileAlreadyExistsException e) {
      spec.commandLine()
          .getErr()
          .println(
              "connector-key: "
                  + privateOut
                  + " exists; refusing to overwrite a key (choose another --private-out)");
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(key.publicKey().toJson());
    out.flush();
    spec.commandLine()
        .getErr()
        .println(
            "connector-key: private JWK (kid "
                + key.kid()
                + ") written to "
                + privateOut
                + "; the public JWK above goes to the key registry");
    return 0;
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
      Files.createFile(
          file,
          PosixFilePermissions.asFileAttribute(
              Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, content + "\n", StandardOpenOption.TRUNCATE_EXISTING);
  }
}
