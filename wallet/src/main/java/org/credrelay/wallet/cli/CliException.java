package org.credrelay.wallet.cli;

/** A CLI-level error with its exit code (e.g. no way to obtain a passphrase). */
final class CliException extends RuntimeException {

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
