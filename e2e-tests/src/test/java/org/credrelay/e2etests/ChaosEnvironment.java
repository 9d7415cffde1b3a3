package org.credrelay.e2etests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.credrelay.launcher.GatewayRestClient;
import org.credrelay.launcher.ProcessSuite;
import org.credrelay.launcher.SuiteOptions;
import org.credrelay.launcher.SuitePorts;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletConfig;
import org.credrelay.wallet.store.KdfParameters;
import tools.jackson.databind.JsonNode;

/**
 * The suite as separate processes (one JVM per service, the embedded PostgreSQL), one issuer and a
 * few wallets with VERIFIED connections, shared by the chaos tests of this JVM. Service output goes
 * to {@code target/chaos/<service>.log}.
 */
final class ChaosEnvironment {

  static final String PASSPHRASE = "chaos passphrase";
  private static ChaosEnvironment instance;

  /** A wallet and the gateway's id of its connection. */
  record Holder(HolderWallet wallet, Path dataDirectory, String gatewayConnectionId) {}

  final ProcessSuite suite;
  final GatewayRestClient gateway;
  final GatewayRestClient.Tenant issuer;
  final List<Holder> holders;
  final Duration initialStartup;

  private ChaosEnvironment(
      ProcessSuite suite,
      GatewayRestClient.Tenant issuer,
      List<Holder> holders,
      Duration initialStartup) {
    this.suite = suite;
    this.gateway = new GatewayRestClient(suite.gatewayHttpPort());
    this.issuer = issuer;
    this.holders = holders;
    this.initialStartup = initialStartup;
  }

  static synchronized ChaosEnvironment get() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance.suite::close, "chaos-suite-stop"));
    }
    return instance;
  }

  private static ChaosEnvironment start() {
    long began = System.nanoTime();
    String adminApiKey = SharedSuite.random(24);
    SuiteOptions options =
        new SuiteOptions(
            Optional.empty(),
            Optional.empty(),
            SuitePorts.random(),
            adminApiKey,
            keyEncryptionKey(),
            Map.of());
    ProcessSuite suite =
        ProcessSuite.start(
            options,
            ProcessSuite.Settings.defaults(Path.of("target", "chaos")),
            line -> System.out.println("[chaos] " + line));
    Duration startup = Duration.ofNanos(System.nanoTime() - began);
    try {
      GatewayRestClient gateway = new GatewayRestClient(suite.gatewayHttpPort());
      GatewayRestClient.Tenant issuer = gateway.createTenant(adminApiKey, "Chaos University");
      List<Holder> holders = new ArrayList<>();
      for (int i = 0; i < ChaosSize.wallets(); i++) {
        holders.add(connect(suite, gateway, issuer));
      }
      return new ChaosEnvironment(suite, issuer, holders, startup);
    } catch (RuntimeException | AssertionError e) {
      // No instance means no shutdown hook: stop the child JVMs and PostgreSQL here.
      suite.close();
      throw e;
    }
  }

  /** A new wallet with a VERIFIED connection to the issuer (the wallet stays open). */
  Holder newHolder() {
    return connect(suite, gateway, issuer);
  }

  private static Holder connect(
      ProcessSuite suite, GatewayRestClient gateway, GatewayRestClient.Tenant issuer) {
    Path dir = walletDirectory();
    HolderWallet wallet =
        HolderWallet.create(
            WalletConfig.builder(dir, PASSPHRASE.toCharArray())
                .connectorTarget("127.0.0.1:" + suite.connectorGrpcPort())
                .insecurePlaintext() // the local suite's connector serves plaintext on loopback
                .handshakeTimeout(Duration.ofSeconds(30))
                .kdf(KdfParameters.insecureForTests())
                .build());
    JsonNode invitation = createInvitation(gateway, issuer);
    String connectionId = invitation.get("id").asString();
    wallet.accept(invitation.get("uri").asString());
    Await.until(
        "connection " + connectionId + " VERIFIED",
        Duration.ofSeconds(60),
        () -> gateway.connection(issuer.apiKey(), connectionId),
        c -> "VERIFIED".equals(c.get("state").asString()));
    return new Holder(wallet, dir, connectionId);
  }

  /**
   * Creates an invitation as a portal would right after a fault: a 503 (the gateway's channel to a
   * restarted registry or connector is still reconnecting) is tried again until a deadline.
   */
  private static JsonNode createInvitation(
      GatewayRestClient gateway, GatewayRestClient.Tenant issuer) {
    return Await.until(
            "an invitation",
            ChaosSize.RECOVERY_BOUND,
            () -> {
              try {
                return Optional.of(gateway.createInvitation(issuer.apiKey(), "chaos"));
              } catch (GatewayRestClient.GatewayCallException e) {
                if (e.status() != 503) {
                  throw e;
                }
                return Optional.<JsonNode>empty();
              }
            },
            Optional::isPresent)
        .orElseThrow();
  }

  /** Opens a wallet that was closed (e.g. after a wallet process used it). */
  static HolderWallet open(Path dataDirectory, int connectorPort) {
    return HolderWallet.open(
        WalletConfig.builder(dataDirectory, PASSPHRASE.toCharArray())
            .connectorTarget("127.0.0.1:" + connectorPort)
            .insecurePlaintext()
            .build());
  }

  List<String> connectionIds() {
    return holders.stream().map(Holder::gatewayConnectionId).toList();
  }

  List<HolderWallet> wallets() {
    return holders.stream().map(Holder::wallet).toList();
  }

  ChaosIssuer newIssuerClient() {
    return new ChaosIssuer(suite.gatewayHttpPort(), issuer.apiKey(), ChaosSize.retryDeadline());
  }

  private static String keyEncryptionKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static Path walletDirectory() {
    try {
      return Files.createTempDirectory("chaos-wallet").resolve("wallet");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
