package org.credrelay.e2etests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The wallet command line ({@code credrelay-wallet receive}) in a JVM of its own, so it can be
 * killed with SIGKILL in the middle of receiving, as a phone's app is when the system kills it.
 */
final class WalletProcess {

  static final String PASSPHRASE_VARIABLE = "CHAOS_WALLET_PASSPHRASE";

  private final Process process;
  private final AtomicInteger credentialLines = new AtomicInteger();
  private final StringBuffer output = new StringBuffer();

  private WalletProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "wallet-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code receive} on the wallet in {@code dataDirectory}. */
  static WalletProcess receive(Path dataDirectory, String passphrase, int connectorPort)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "org.credrelay.wallet.cli.WalletCli",
                    "--data-dir",
                    dataDirectory.toString(),
                    "--connector",
                    "127.0.0.1:" + connectorPort,
                    "--insecure-plaintext",
                    "--passphrase-env",
                    PASSPHRASE_VARIABLE,
                    "receive",
                    "--timeout",
                    "60s"))
            .redirectErrorStream(true);
    builder.environment().put(PASSPHRASE_VARIABLE, passphrase);
    return new WalletProcess(builder.start());
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.append(line).append('\n');
        if (line.startsWith("received credential ")) {
          credentialLines.incrementAndGet();
        }
      }
    } catch (IOException e) {
      output.append(e).append('\n');
    }
  }

  /** Credentials the process has reported as received and stored so far. */
  int credentialsReported() {
    return credentialLines.get();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, whatever the wallet was writing is cut off. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits for the process to end and returns its exit code. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "wallet receive did not finish within " + seconds + " s:\n" + output);
    }
    return process.exitValue();
  }

  String output() {
    return output.toString();
  }
}
