package org.credrelay.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.Credential;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletConfig;
import org.credrelay.wallet.sdk.WalletEvent;
import tools.jackson.databind.JsonNode;

/**
 * The guided demo: through the real REST and gRPC APIs it creates an issuer, makes an invitation,
 * lets a wallet accept it, completes the handshake, issues a credential and shows the wallet
 * printing the decrypted credential.
 */
public final class Demo {

  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private final SuiteEndpoints suite;
  private final String adminApiKey;
  private final PrintStream out;
  private final GatewayRestClient gateway;
  private final boolean showQrCode;

  public Demo(SuiteEndpoints suite, String adminApiKey, PrintStream out) {
    this(suite, adminApiKey, out, true);
  }

  /**
   * @param showQrCode whether to print the invitation as a QR code too (about 30 lines); a scripted
   *     run that stops the suite right after the demo has no one to scan it
   */
  public Demo(SuiteEndpoints suite, String adminApiKey, PrintStream out, boolean showQrCode) {
    this.suite = suite;
    this.adminApiKey = adminApiKey;
    this.out = out;
    this.showQrCode = showQrCode;
    this.gateway = new GatewayRestClient(suite.gatewayHttpPort());
  }

  /** Runs every step; false (with the reason printed) if one did not complete. */
  public boolean run() {
    try {
      runSteps();
      return true;
    } catch (RuntimeException e) {
      out.println("[demo] FAILED: " + e.getMessage());
      return false;
    }
  }

  private void runSteps() {
    step(1, "create an issuer (tenant) through the gateway's admin API");
    GatewayRestClient.Tenant issuer = gateway.createTenant(adminApiKey, "Demo University");
    out.println(
        "       issuer DID "
            + issuer.did()
            + ", registered in the key registry and at the connector");

    step(2, "create an invitation (the secret in it never goes to the connector)");
    JsonNode invitation = createInvitation(issuer.apiKey());
    String uri = invitation.get("uri").asString();
    String connectionId = invitation.get("id").asString();
    out.println("       " + uri);
    if (showQrCode) {
      out.print(TerminalQr.render(uri));
    }

    step(3, "a holder wallet accepts the invitation and runs the key handshake");
    Path walletDir = temporaryWalletDirectory();
    char[] passphrase = randomPassphrase();
    String walletTarget = "127.0.0.1:" + suite.connectorGrpcPort();
    try (HolderWallet wallet =
        HolderWallet.create(
            WalletConfig.builder(walletDir, passphrase)
                .connectorTarget(walletTarget)
                // the wallet verifies the issuer's key history there (threat model S8)
                .keyRegistryTarget("127.0.0.1:" + suite.registryGrpcPort())
                .insecurePlaintext() // the local suite serves plaintext
                .handshakeTimeout(STEP_TIMEOUT)
                .build())) {
      Connection accepted =
          wallet.accept(uri, event -> out.println("       wallet: " + describe(event)));
      out.println(
          "       wallet sees issuer '"
              + accepted.issuerName()
              + "', safety number "
              + accepted.fingerprint().map(s -> s.grouped()).orElse("(none)"));
      JsonNode gatewayView = awaitConnectionState(issuer.apiKey(), connectionId, "VERIFIED");
      out.println(
          "       gateway sees connection "
              + gatewayView.get("state").asString()
              + ", safety number "
              + gatewayView.get("safetyNumber").asString());

      step(
          4,
          "the issuer issues a credential (encrypted to the pinned holder key before it leaves)");
      JsonNode credential =
          gateway.parse(
              """
          {"@context":["https://www.w3.org/ns/credentials/v2"],
           "type":["VerifiableCredential","DiplomaCredential"],
           "credentialSubject":{"name":"Ada Lovelace","degree":"MSc Computing"},
           "issuanceDate":"%s"}"""
                  .formatted(Instant.now()));
      JsonNode delivery =
          gateway.issueCredential(
              issuer.apiKey(), connectionId, credential, UUID.randomUUID().toString());
      String deliveryId = delivery.get("deliveryId").asString();
      out.println("       delivery " + deliveryId + " accepted");
      awaitDelivery(issuer.apiKey(), deliveryId);
      out.println("       delivery SENT: the connector stored only ciphertext");

      step(5, "the wallet receives and decrypts it");
      Optional<Credential> received = receive(wallet);
      Credential shown =
          received.orElseThrow(
              () ->
                  new IllegalStateException(
                      "the wallet received no credential within " + STEP_TIMEOUT));
      out.println(
          "       decrypted credential "
              + shown.credentialId()
              + " from "
              + shown.issuerDid()
              + ":");
      out.println("       " + shown.documentText());
    }
    out.println(
        "[demo] done: invitation -> accept -> handshake -> credential, end to end encrypted");
  }

  /**
   * On a busy machine the gateway's first calls to the freshly started registry and connector can
   * time out, and the new tenant stays unregistered (409 here) until the gateway's retry job runs;
   * the demo asks for the registration again instead of waiting for it.
   */
  private JsonNode createInvitation(String apiKey) {
    Instant deadline = Instant.now().plus(STEP_TIMEOUT);
    while (true) {
      try {
        return gateway.createInvitation(apiKey, "demo-holder");
      } catch (GatewayRestClient.GatewayCallException e) {
        if (e.status() != 409 || Instant.now().isAfter(deadline)) {
          throw e;
        }
      }
      out.println("       the tenant's registration is not finished yet; retrying it");
      try {
        gateway.retryTenantRegistration(apiKey);
      } catch (GatewayRestClient.GatewayCallException stillFailing) {
        pause();
      }
    }
  }

  private Optional<Credential> receive(HolderWallet wallet) {
    Instant deadline = Instant.now().plus(STEP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      wallet.receiveOnce(event -> out.println("       wallet: " + describe(event)));
      if (!wallet.credentials().isEmpty()) {
        return Optional.of(wallet.credentials().get(0));
      }
      pause();
    }
    return Optional.empty();
  }

  private JsonNode awaitConnectionState(String apiKey, String connectionId, String state) {
    Instant deadline = Instant.now().plus(STEP_TIMEOUT);
    JsonNode connection = gateway.connection(apiKey, connectionId);
    while (!state.equals(connection.get("state").asString())) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "connection is "
                + connection.get("state").asString()
                + ", not "
                + state
                + " ("
                + connection.path("lastFailure").asString("")
                + ")");
      }
      pause();
      connection = gateway.connection(apiKey, connectionId);
    }
    return connection;
  }

  private void awaitDelivery(String apiKey, String deliveryId) {
    Instant deadline = Instant.now().plus(STEP_TIMEOUT);
    JsonNode delivery = gateway.delivery(apiKey, deliveryId);
    while (!"SENT".equals(delivery.get("status").asString())) {
      if ("FAILED".equals(delivery.get("status").asString()) || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "delivery "
                + delivery.get("status").asString()
                + ": "
                + delivery.path("reason").asString(""));
      }
      pause();
      delivery = gateway.delivery(apiKey, deliveryId);
    }
  }

  private void step(int number, String text) {
    out.println("[demo] " + number + ". " + text);
  }

  private static String describe(WalletEvent event) {
    return event.type() + (event.connectionId().isEmpty() ? "" : " on " + event.connectionId());
  }

  /** Polling an HTTP API for a state change; the demo is interactive, not a test. */
  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private static Path temporaryWalletDirectory() {
    try {
      Path dir = Files.createTempDirectory("credrelay-demo-wallet");
      dir.toFile().deleteOnExit();
      return dir.resolve("wallet");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static char[] randomPassphrase() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).toCharArray();
  }
}
