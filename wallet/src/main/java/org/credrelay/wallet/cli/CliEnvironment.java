package org.credrelay.wallet.cli;

import io.grpc.Channel;
import java.io.Console;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.credrelay.wallet.store.KdfParameters;

/**
 * What the CLI takes from its surroundings, so that tests can run it in-process.
 *
 * @param variables environment variables (for {@code --passphrase-env})
 * @param prompt reads a passphrase interactively, or null when there is no console
 * @param home the user's home directory (default data directory below it)
 * @param clock the wallet's clock
 * @param channel a ready channel to the connector instead of {@code --connector}, or null
 * @param kdf Argon2id cost for new wallets
 * @param reconnectBackoff how {@code receive --follow} paces reconnects, or null for the wallet's
 *     default (tests make it short)
 * @param keyRegistryChannel a ready channel to the key registry instead of {@code --key-registry},
 *     used only together with {@code channel} (null there: no key registry)
 */
public record CliEnvironment(
    Map<String, String> variables,
    PassphrasePrompt prompt,
    Path home,
    Clock clock,
    Channel channel,
    KdfParameters kdf,
    Backoff reconnectBackoff,
    Channel keyRegistryChannel) {

  /** First and longest pause between reconnect attempts. */
  public record Backoff(Duration initial, Duration max) {}

  public CliEnvironment(
      Map<String, String> variables,
      PassphrasePrompt prompt,
      Path home,
      Clock clock,
      Channel channel,
      KdfParameters kdf,
      Backoff reconnectBackoff) {
    this(variables, prompt, home, clock, channel, kdf, reconnectBackoff, null);
  }

  public CliEnvironment(
      Map<String, String> variables,
      PassphrasePrompt prompt,
      Path home,
      Clock clock,
      Channel channel,
      KdfParameters kdf) {
    this(variables, prompt, home, clock, channel, kdf, null);
  }

  /** Reads a passphrase without echo; returns null if it cannot. */
  @FunctionalInterface
  public interface PassphrasePrompt {
    char[] read(String prompt);
  }

  /** The real process environment and console. */
  public static CliEnvironment system() {
    Console console = System.console();
    PassphrasePrompt prompt = console == null ? null : text -> console.readPassword("%s", text);
    return new CliEnvironment(
        System.getenv(),
        prompt,
        Path.of(System.getProperty("user.home")),
        Clock.systemUTC(),
        null,
        KdfParameters.defaults());
  }
}
