package org.credrelay.e2etests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.credrelay.launcher.GatewayRestClient;
import org.credrelay.launcher.LocalSuite;
import org.credrelay.launcher.SuiteOptions;
import org.credrelay.launcher.SuitePorts;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletConfig;
import org.credrelay.wallet.store.KdfParameters;

/**
 * One running suite per test JVM (embedded PostgreSQL, registry, connector, gateway), with an
 * attacker-controlled proxy in front of the connector and one in front of the key registry. The
 * gateway, the connector's registry client and every wallet talk through the proxies, so every test
 * can play the malicious provider.
 */
final class SharedSuite {

  static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(30);

  /** The key registry's operator bearer token (operator revocations of compromised keys). */
  static final String OPERATOR_TOKEN = "e2e-operator-token-" + random(16);

  private static SharedSuite instance;

  final LocalSuite suite;
  final MaliciousConnectorProxy connector;
  final MaliciousConnectorProxy registry;
  final GatewayRestClient gateway;
  final String adminApiKey;

  /** The gateway's key-encryption key (base64): what an attacker who stole it could decrypt. */
  final String gatewayKeyEncryptionKey;

  /** The key registry's operator bearer token (operator revocations over REST). */
  final String registryOperatorToken;

  private SharedSuite(
      LocalSuite suite,
      MaliciousConnectorProxy connector,
      MaliciousConnectorProxy registry,
      String adminApiKey,
      String gatewayKeyEncryptionKey,
      String registryOperatorToken) {
    this.suite = suite;
    this.connector = connector;
    this.registry = registry;
    this.adminApiKey = adminApiKey;
    this.gatewayKeyEncryptionKey = gatewayKeyEncryptionKey;
    this.registryOperatorToken = registryOperatorToken;
    this.gateway = new GatewayRestClient(suite.gatewayHttpPort());
  }

  static synchronized SharedSuite get() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "suite-stop"));
    }
    return instance;
  }

  private static SharedSuite start() {
    LogCapture.install();
    int connectorPort = freePort();
    int registryPort = freePort();
    MaliciousConnectorProxy connectorProxy =
        MaliciousConnectorProxy.forward(ConnectorServiceGrpc.getServiceDescriptor(), connectorPort);
    MaliciousConnectorProxy registryProxy =
        MaliciousConnectorProxy.forward(
            KeyRegistryServiceGrpc.getServiceDescriptor(), registryPort);
    String registryTarget = "static://127.0.0.1:" + registryProxy.port();
    String adminApiKey = random(24);
    String keyEncryptionKey = Base64.getEncoder().encodeToString(randomBytes(32));
    String operatorToken = OPERATOR_TOKEN;
    SuiteOptions options =
        new SuiteOptions(
            Optional.empty(),
            Optional.empty(),
            new SuitePorts(0, registryPort, 0, connectorPort, 0),
            adminApiKey,
            keyEncryptionKey,
            Map.of(
                LocalSuite.KEY_REGISTRY,
                    Map.of("keyregistry.operator.token-sha256", sha256Hex(operatorToken)),
                LocalSuite.CONNECTOR,
                    Map.of("spring.grpc.client.channel.key-registry.target", registryTarget),
                LocalSuite.ISSUER_GATEWAY,
                    Map.of(
                        "spring.grpc.client.channel.connector.target",
                        "static://127.0.0.1:" + connectorProxy.port(),
                        "spring.grpc.client.channel.key-registry.target",
                        registryTarget,
                        // DeliveryLifeCycleTest: deadlines of seconds expire within a second, and
                        // expired credentials stay resendable.
                        "gateway.delivery.expiry-interval",
                        "500ms",
                        "gateway.delivery.resend-retention",
                        "1h",
                        // Webhook tests post to local http receivers.
                        "gateway.webhooks.require-https",
                        "false")));
    LocalSuite suite = LocalSuite.start(options, line -> System.out.println("[e2e] " + line));
    return new SharedSuite(
        suite, connectorProxy, registryProxy, adminApiKey, keyEncryptionKey, operatorToken);
  }

  private void stop() {
    try {
      connector.close();
      registry.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    suite.close();
  }

  /** A new issuer (tenant) registered in the registry and at the connector through the gateway. */
  GatewayRestClient.Tenant newIssuer() {
    return gateway.createTenant(
        adminApiKey, "Issuer " + UUID.randomUUID().toString().substring(0, 8));
  }

  /** A new wallet in its own directory, talking to the (attacker-controlled) connector address. */
  HolderWallet newWallet() {
    return newWallet(UnaryOperator.identity());
  }

  /** A new wallet as {@link #newWallet()}, with {@code options} applied (curves, timeouts). */
  HolderWallet newWallet(UnaryOperator<WalletConfig.Builder> options) {
    try {
      Path dir = Files.createTempDirectory("e2e-wallet").resolve("wallet");
      return HolderWallet.create(options.apply(walletConfig(dir)).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens the (closed) wallet in {@code dataDirectory} again, as a restarted app does. */
  HolderWallet reopenWallet(Path dataDirectory, UnaryOperator<WalletConfig.Builder> options) {
    return HolderWallet.open(options.apply(walletConfig(dataDirectory)).build());
  }

  private WalletConfig.Builder walletConfig(Path dataDirectory) {
    return WalletConfig.builder(dataDirectory, "correct horse battery".toCharArray())
        .connectorTarget("127.0.0.1:" + connector.port())
        .keyRegistryTarget("127.0.0.1:" + registry.port())
        // the local suite's connector (and the proxy) serve plaintext
        .insecurePlaintext()
        .handshakeTimeout(Duration.ofSeconds(10))
        // The passphrase KDF's cost protects a device's file, not what these tests check.
        .kdf(KdfParameters.insecureForTests());
  }

  /** A JDBC connection to the suite's database: what an attacker with the provider's DB sees. */
  Connection database() throws SQLException {
    var coordinates = suite.database();
    return DriverManager.getConnection(
        coordinates.jdbcUrl(), coordinates.username(), coordinates.password());
  }

  static String random(int bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
  }

  private static String sha256Hex(String text) {
    return java.util.HexFormat.of()
        .formatHex(Scenario.sha256(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
