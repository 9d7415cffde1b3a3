package org.credrelay.wallet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.credrelay.wallet.sdk.WalletConfig;

/**
 * Which connector the CLI talks to (PROTOCOL.md 4.1, "Where the wallet connects"): an explicit
 * {@code --connector} wins; else the {@code connector} parameter of the invitation being accepted,
 * which is remembered in the wallet directory for later commands; else the remembered one; else
 * {@link WalletConfig#DEFAULT_CONNECTOR}. The address is not secret (the invitation shows it to
 * anyone who sees the QR code) and not trusted: a wrong one can only fail to connect.
 */
final class ConnectorChoice {

  /** File in the wallet directory holding the last connector an invitation named. */
  static final String FILE = "connector-address";

  private final String explicit;
  private final Path dataDirectory;
  private String fromInvitation;

  ConnectorChoice(String explicit, Path dataDirectory) {
    this.explicit = explicit;
    this.dataDirectory = dataDirectory;
  }

  /** The invitation being accepted names this connector (used unless {@code --connector}). */
  void invitationNames(String address) {
    this.fromInvitation = address;
  }

  String target() {
    if (explicit != null) {
      return explicit;
    }
    if (fromInvitation != null) {
      return fromInvitation;
    }
    return remembered().orElse(WalletConfig.DEFAULT_CONNECTOR);
  }

  /** After a successful accept: keeps the invitation's connector for the commands that follow. */
  void rememberIfFromInvitation() {
    if (explicit != null || fromInvitation == null) {
      return;
    }
    try {
      Files.writeString(dataDirectory.resolve(FILE), fromInvitation + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remember the connector address", e);
    }
  }

  private Optional<String> remembered() {
    Path file = dataDirectory.resolve(FILE);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      String address = Files.readString(file, StandardCharsets.UTF_8).strip();
      return address.isEmpty() ? Optional.empty() : Optional.of(address);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
