package org.credrelay.wallet.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.PushProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code push register|delete}: where the connector wakes this device up. */
@Command(
    name = "push",
    description = "Register or delete this device's push target at the connector.",
    subcommands = {PushCommand.Register.class, PushCommand.Delete.class})
final class PushCommand implements Runnable {

  @ParentCommand WalletCli cli;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: register or delete");
  }

  /** {@code push register DEVICE --provider P --token T}. */
  @Command(
      name = "register",
      description =
          "Register (or replace) the push target of DEVICE: the connector sends it a "
              + "content-free wake-up when a message waits and no stream is open.")
  static final class Register implements Callable<Integer> {

    @ParentCommand PushCommand push;

    @Parameters(
        index = "0",
        paramLabel = "DEVICE",
        description = "Device id, [A-Za-z0-9._-]{1,64}.")
    String deviceId;

    @Option(
        names = "--provider",
        required = true,
        paramLabel = "PROVIDER",
        description = "webhook, fcm or apns.")
    String provider;

    @Option(
        names = "--token",
        required = true,
        paramLabel = "TOKEN",
        description = "The device token at the provider.")
    String token;

    @Override
    public Integer call() {
      PushProvider parsed;
      try {
        parsed = PushProvider.valueOf(provider.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.USAGE, "--provider must be webhook, fcm or apns");
      }
      try (HolderWallet wallet = push.cli.openWallet(null, null)) {
        int targets = wallet.registerPushTarget(deviceId, parsed, token);
        push.cli.out().println("push target " + deviceId + " registered (" + targets + " in all)");
      }
      return ExitCodes.OK;
    }
  }

  /** {@code push delete DEVICE}. */
  @Command(name = "delete", description = "Delete the push target of DEVICE.")
  static final class Delete implements Callable<Integer> {

    @ParentCommand PushCommand push;

    @Parameters(index = "0", paramLabel = "DEVICE")
    String deviceId;

    @Override
    public Integer call() {
      try (HolderWallet wallet = push.cli.openWallet(null, null)) {
        boolean deleted = wallet.deletePushTarget(deviceId);
        push.cli
            .out()
            .println(
                deleted
                    ? "push target " + deviceId + " deleted"
                    : "no push target " + deviceId + " at the connector");
      }
      return ExitCodes.OK;
    }
  }
}
