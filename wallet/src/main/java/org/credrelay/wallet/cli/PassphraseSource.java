package org.credrelay.wallet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the passphrase comes from: {@code --passphrase-env VAR}, {@code --passphrase-file FILE}
 * (first line), or an interactive prompt without echo. Never a command-line value, which would be
 * visible in the process list and the shell history.
 */
final class PassphraseSource {

  static final int MIN_NEW_LENGTH = 8;

  private final CliEnvironment environment;
  private final String variable;
  private final Path file;

  PassphraseSource(CliEnvironment environment, String variable, Path file) {
    this.environment = environment;
    this.variable = variable;
    this.file = file;
  }

  /** The passphrase of an existing wallet. */
  char[] existing() {
    return obtain("Wallet passphrase: ");
  }

  /** A passphrase for a new wallet: typed twice when prompted, and not too short. */
  char[] forNewWallet() {
    char[] passphrase = obtain("New wallet passphrase: ");
    if (variable == null && file == null) {
      char[] again = obtain("Repeat the passphrase: ");
      boolean same = Arrays.equals(passphrase, again);
      Arrays.fill(again, '\0');
      if (!same) {
        throw new CliException(ExitCodes.PASSPHRASE, "the passphrases do not match");
      }
    }
    if (passphrase.length < MIN_NEW_LENGTH) {
      throw new CliException(
          ExitCodes.PASSPHRASE,
          "the passphrase must have at least " + MIN_NEW_LENGTH + " characters");
    }
    return passphrase;
  }

  private char[] obtain(String prompt) {
    if (variable != null) {
      String value = environment.variables().get(variable);
      if (value == null || value.isEmpty()) {
        throw new CliException(
            ExitCodes.PASSPHRASE, "environment variable " + variable + " is not set or empty");
      }
      return value.toCharArray();
    }
    if (file != null) {
      try {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        int end = content.indexOf('\n');
        String line = (end < 0 ? content : content.substring(0, end)).replace("\r", "");
        if (line.isEmpty()) {
          throw new CliException(ExitCodes.PASSPHRASE, "passphrase file " + file + " is empty");
        }
        return line.toCharArray();
      } catch (IOException e) {
        throw new CliException(ExitCodes.PASSPHRASE, "cannot read passphrase file " + file);
      }
    }
    char[] typed = environment.prompt() == null ? null : environment.prompt().read(prompt);
    if (typed == null) {
      throw new CliException(
          ExitCodes.PASSPHRASE,
          "no passphrase: use --passphrase-env VAR or "
              + "--passphrase-file FILE (there is no console to ask on)");
    }
    return typed;
  }
}
