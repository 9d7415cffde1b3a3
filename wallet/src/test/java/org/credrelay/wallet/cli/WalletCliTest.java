package org.credrelay.wallet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyhistory.DidLogBuilder;
import org.credrelay.proto.messages.v1.HandshakeRefusalReason;
import org.credrelay.wallet.sdk.WalletConfig;
import org.credrelay.wallet.store.KdfParameters;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.FakeKeyRegistry;
import org.credrelay.wallet.testing.NettyConnectorServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The picocli CLI run in-process against the connector double: output and exit codes. */
class WalletCliTest {

  private static final String DOC = "{\"type\":[\"VerifiableCredential\"]}";

  @TempDir Path home;

  private ConnectorFixture fixture;
  private CliEnvironment environment;

  @BeforeEach
  void setUp() {
    fixture = new ConnectorFixture();
    environment =
        environment(
            fixture,
            Map.of("WALLET_PASS", ConnectorFixture.PASSPHRASE, "BAD_PASS", "not the passphrase"));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void init_accept_receive_list_andFingerprint() {
    Run init = run("init");
    assertThat(init.code).isZero();
    assertThat(init.out)
        .contains("created wallet in " + home.resolve(".credrelay-wallet"))
        .contains("holder key id: ");

    Run accept = run("accept", fixture.issuer().invite());
    assertThat(accept.code).as(accept.err).isZero();
    assertThat(accept.out)
        .contains(
            "accepted connection",
            "handshake verified",
            "issuer:        Example University (" + ConnectorFixture.ISSUER_DID + ")",
            "safety number: ");
    String connectionId = line(accept.out, "connection id: ");

    fixture.issuer().sendCredential(line(accept.out, "connector id: "), "cred-1", DOC);
    Run receive = run("receive");
    assertThat(receive.code).isZero();
    assertThat(receive.out)
        .contains("received credential cred-1 from " + ConnectorFixture.ISSUER_DID)
        .contains("1 message(s) processed: 1 new credential(s)");
    assertThat(run("receive").out).contains("no new messages");

    assertThat(run("credentials", "--show").out).contains("cred-1", DOC);
    assertThat(run("connections").out)
        .contains(connectionId, "VERIFIED")
        .contains("keys (X25519): mine ")
        .contains(", issuer's pinned " + fixture.issuer().communicationKey().kid())
        .contains(
            "issuer authentication key pinned: " + fixture.issuer().authenticationKey().kid());
    Run fingerprint = run("fingerprint", connectionId);
    assertThat(fingerprint.out.strip()).matches("([0-9]{5} ){11}[0-9]{5}");
    assertThat(accept.out).contains("safety number: " + fingerprint.out.strip());
  }

  @Test
  void revokedCredential_isShownRevoked_withTimeAndReason() {
    run("init");
    String connectionId = line(run("accept", fixture.issuer().invite()).out, "connector id: ");
    fixture.issuer().sendCredential(connectionId, "cred-1", DOC);
    fixture.issuer().sendRevocation(connectionId, "cred-1", "degree\u001b[31m withdrawn");

    Run receive = run("receive");

    assertThat(receive.out)
        .contains("credential cred-1 was revoked by " + ConnectorFixture.ISSUER_DID);
    Run list = run("credentials");
    assertThat(list.out).containsPattern("cred-1 .* REVOKED \\d{4}-\\d\\d-\\d\\dT.*Z \\(degree ");
    assertThat(list.out).contains("withdrawn)").doesNotContain("\u001b");
  }

  @Test
  void forgedMessage_isReportedAsRefused_andNothingNewArrives() {
    run("init");
    String connectionId = line(run("accept", fixture.issuer().invite()).out, "connector id: ");
    fixture
        .connector()
        .deliverToHolder(
            connectionId,
            fixture
                .issuer()
                .sealCredentialFrom(
                    org.credrelay.e2ecrypto.keys.Keys.generateCommunication(),
                    connectionId,
                    "forged",
                    DOC));

    Run receive = run("receive");

    assertThat(receive.code).isZero();
    assertThat(receive.err).contains("refused message", "UNEXPECTED_SENDER", "nothing new arrived");
    assertThat(receive.out).contains("0 new credential(s)", "1 refused");
    assertThat(run("credentials").out).contains("no credentials");
  }

  @Test
  void rolledBackIssuerKeyHistory_isReportedAsAnError_andNothingNewArrives() {
    try (FakeKeyRegistry registry = new FakeKeyRegistry()) {
      var issuer = fixture.issuer();
      DidLogBuilder log =
          new DidLogBuilder(issuer.did())
              .register(issuer.authenticationKey(), issuer.communicationKey())
              .addAuthenticationKey(issuer.authenticationKey(), Keys.generateAuthentication());
      registry.serve(issuer.did(), log.served());
      environment =
          new CliEnvironment(
              Map.of("WALLET_PASS", ConnectorFixture.PASSPHRASE),
              null,
              home,
              fixture.clock(),
              fixture.channel(),
              KdfParameters.insecureForTests(),
              null,
              registry.channel());
      run("init");
      String connectionId = line(run("accept", issuer.invite()).out, "connector id: ");
      registry.serve(issuer.did(), log.served().subList(0, 2));
      issuer.sendCredential(connectionId, "cred-1", DOC);

      Run receive = run("--key-history-interval", "1ms", "receive");

      assertThat(receive.code).isZero();
      assertThat(receive.err)
          .contains(
              "error: the key history of issuer " + issuer.did() + " was REJECTED",
              "DOES_NOT_EXTEND_PINNED_HEAD");
      assertThat(receive.out).contains("0 new credential(s)", "1 refused");
      assertThat(run("credentials").out).contains("no credentials");
      assertThat(run("connections").out)
          .contains("key history: REJECTED", "DOES_NOT_EXTEND_PINNED_HEAD");
    }
  }

  /** PROTOCOL.md 4.1: the invitation's connector is used and remembered, --connector wins. */
  @Test
  void accept_usesTheConnectorTheInvitationNames_andRemembersItForLaterCommands() {
    assertThat(run("init").code).isZero();
    String naming =
        fixture.issuer().newInvitation().withConnectorAddress("connector.example.org:443").toUri();

    Run accept = run("accept", naming);
    assertThat(accept.code).as(accept.err).isZero();
    assertThat(accept.out).contains("through the connector at connector.example.org:443...");

    Run later = run("accept", fixture.issuer().invite());
    assertThat(later.code).as(later.err).isZero();
    assertThat(later.out).contains("through the connector at connector.example.org:443...");

    Run explicit = run("--connector", "other.example:9092", "accept", naming);
    assertThat(explicit.out).contains("through the connector at other.example:9092...");
  }

  @Test
  void accept_ofAnInvitationWithoutConnector_usesTheDefault() {
    assertThat(run("init").code).isZero();

    Run accept = run("accept", fixture.issuer().invite());

    assertThat(accept.out)
        .contains("through the connector at " + WalletConfig.DEFAULT_CONNECTOR + "...");
  }

  @Test
  void badInvitation_exits3_withOneLine() {
    run("init");

    assertFails(
        run("accept", "credrelay://invitation?v=2&token=abc"),
        ExitCodes.INVITATION,
        "error: invalid invitation");
  }

  @Test
  void unreachableConnector_exits4() {
    run("init");
    environment = environment(null, Map.of("WALLET_PASS", ConnectorFixture.PASSPHRASE));

    assertFails(
        run("--connector", "localhost:1", "accept", fixture.issuer().invite()),
        ExitCodes.CONNECTOR,
        "error: cannot reach connector at localhost:1");
    assertFails(
        run("--connector", "localhost:1", "receive"),
        ExitCodes.CONNECTOR,
        "error: cannot reach connector at localhost:1");
  }

  @Test
  void failedHandshake_exits5_namingTheCheck() {
    run("init");
    fixture.issuer().replyWithWrongSecret(true);

    Run accept = run("accept", fixture.issuer().invite());

    assertFails(accept, ExitCodes.HANDSHAKE, "error: handshake failed: BAD_MAC");
  }

  @Test
  void refusedHandshake_exits5_namingTheCode_andConnectionsShowsTheState() {
    run("init");
    fixture.issuer().refuseHellos(HandshakeRefusalReason.HANDSHAKE_REFUSAL_REASON_BAD_MAC);

    Run accept = run("accept", fixture.issuer().invite());

    assertFails(accept, ExitCodes.HANDSHAKE, "error: the issuer refused the handshake: BAD_MAC");
    assertThat(run("connections").out)
        .contains("HANDSHAKE_REFUSED", "failure: HANDSHAKE_REFUSED: BAD_MAC");
  }

  @Test
  void silentIssuer_acceptGivesUpAfterItsTimeout_andConnectionsShowsTimedOut() {
    run("init");
    fixture.issuer().autoConfirm(false);

    Run accept = run("accept", "--timeout", "500ms", fixture.issuer().invite());

    assertFails(accept, ExitCodes.HANDSHAKE, "gave up waiting");
    assertThat(accept.err).contains("HANDSHAKE_TIMED_OUT");
    assertThat(run("connections").out).contains("HANDSHAKE_TIMED_OUT");
  }

  @Test
  void curves_chosenAtInitAndAccept_connectAndVerify() {
    Run init = run("init", "--authentication-curve", "SECP256K1");
    assertThat(init.code).as(init.err).isZero();

    Run accept = run("accept", "--communication-curve", "P256", fixture.issuer().invite());
    assertThat(accept.code).as(accept.err).isZero();
    String connectionId = line(accept.out, "connector id: ");
    fixture.issuer().sendCredential(connectionId, "cred-p256", DOC);

    assertThat(run("receive").out).contains("received credential cred-p256");
    assertThat(run("connections").out).contains("keys (P-256): mine ");
  }

  @Test
  void wrongPassphrase_exits6_withTheClearMessage() {
    run("init");

    assertFails(
        runWith("--passphrase-env", "BAD_PASS", "connections"),
        ExitCodes.PASSPHRASE,
        "error: wrong passphrase or corrupted wallet");
  }

  @Test
  void missingPassphrase_withoutConsole_exits6() {
    assertFails(runWith("init"), ExitCodes.PASSPHRASE, "error: no passphrase");
    assertFails(
        runWith("--passphrase-env", "UNSET", "init"),
        ExitCodes.PASSPHRASE,
        "error: environment variable UNSET is not set");
  }

  @Test
  void passphraseFile_andAShortPassphrase() throws Exception {
    Path file = home.resolve("pass.txt");
    Files.writeString(file, "short\n");
    assertFails(
        runWith("--passphrase-file", file.toString(), "init"),
        ExitCodes.PASSPHRASE,
        "at least 8 characters");

    Files.writeString(file, ConnectorFixture.PASSPHRASE + "\n");
    assertThat(runWith("--passphrase-file", file.toString(), "init").code).isZero();
    assertThat(run("connections").out).contains("no connections");
  }

  @Test
  void noWalletYet_exits7_andSayHowToCreateOne() {
    assertFails(run("connections"), ExitCodes.WALLET, "run 'credrelay-wallet init' first");
    run("init");
    assertFails(run("init"), ExitCodes.WALLET, "error: a wallet already exists");
  }

  @Test
  void usageErrors_exit2() {
    assertThat(run("frobnicate").code).isEqualTo(ExitCodes.USAGE);
    assertThat(runWith().code).isEqualTo(ExitCodes.USAGE);
    assertThat(run("receive", "--timeout", "soon").code).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void receiveFollow_withTimeout_returnsAfterIt() {
    run("init");
    String connectionId = line(run("accept", fixture.issuer().invite()).out, "connector id: ");
    fixture.issuer().sendCredential(connectionId, "cred-1", DOC);

    Run follow = run("receive", "--follow", "--timeout", "700ms");

    assertThat(follow.code).isZero();
    assertThat(follow.out).contains("listening for messages", "received credential cred-1");
  }

  @Test
  void connectorFlags_tlsByDefault_plaintextOnlyWithAWarning() {
    environment = environment(null, Map.of("WALLET_PASS", ConnectorFixture.PASSPHRASE));
    run("init");
    try (NettyConnectorServer server = NettyConnectorServer.plaintext(fixture.connector())) {
      assertFails(
          run("--connector", server.target(), "receive"),
          ExitCodes.CONNECTOR,
          "TLS handshake with the connector at " + server.target() + " failed");

      Run plaintext =
          run(
              "--connector",
              server.target(),
              "--insecure-plaintext",
              "accept",
              fixture.issuer().invite());

      assertThat(plaintext.code).as(plaintext.err).isZero();
      assertThat(plaintext.err).startsWith("warning: --insecure-plaintext");
      assertThat(plaintext.out).contains("handshake verified");
    }
    assertThat(run("--insecure-plaintext", "--ca-file", "ca.pem", "receive").code)
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void receiveFollow_whileTheConnectorIsDown_saysSoAndKeepsTrying_insteadOfExiting4() {
    environment =
        new CliEnvironment(
            Map.of("WALLET_PASS", ConnectorFixture.PASSPHRASE),
            null,
            home,
            fixture.clock(),
            null,
            KdfParameters.insecureForTests(),
            new CliEnvironment.Backoff(Duration.ofMillis(5), Duration.ofMillis(20)));
    run("init");
    try (NettyConnectorServer server = NettyConnectorServer.plaintext(fixture.connector())) {
      assertThat(
              run(
                      "--connector",
                      server.target(),
                      "--insecure-plaintext",
                      "accept",
                      fixture.issuer().invite())
                  .code)
          .isZero();
      server.stop();

      Run follow =
          run(
              "--connector",
              server.target(),
              "--insecure-plaintext",
              "receive",
              "--follow",
              "--timeout",
              "500ms");

      assertThat(follow.code).as(follow.err).isZero();
      assertThat(follow.err)
          .contains(
              "lost the connection to the connector",
              "still no connection to the connector",
              "retrying in");
    }
  }

  @Test
  void fingerprint_ofUnknownConnection_isAnError() {
    run("init");
    assertFails(run("fingerprint", "nope"), ExitCodes.FAILURE, "error: no connection nope");
  }

  @Test
  void push_registerReplaceAndDelete_atTheConnector() {
    String holderKeyId = line(run("init").out, "holder key id: ");
    assertThat(run("accept", fixture.issuer().invite()).code).isZero();

    Run register = run("push", "register", "phone", "--provider", "fcm", "--token", "fcm-token-1");
    assertThat(register.code).as(register.err).isZero();
    assertThat(register.out).contains("push target phone registered (1 in all)");
    assertThat(run("push", "register", "phone", "--provider", "apns", "--token", "ab12").out)
        .contains("push target phone registered (1 in all)");
    assertThat(fixture.connector().pushTargets(holderKeyId)).containsOnlyKeys("phone");
    assertThat(fixture.connector().pushTargets(holderKeyId).get("phone").token()).isEqualTo("ab12");

    assertThat(run("push", "delete", "phone").out).contains("push target phone deleted");
    assertThat(run("push", "delete", "phone").out).contains("no push target phone");
    assertThat(fixture.connector().pushTargets(holderKeyId)).isEmpty();
    assertFails(
        run("push", "register", "phone", "--provider", "pigeon", "--token", "t"),
        ExitCodes.USAGE,
        "--provider");
    assertFails(
        run("push", "register", "bad id", "--provider", "fcm", "--token", "t"),
        ExitCodes.CONNECTOR,
        "INVALID_ARGUMENT");
  }

  private record Run(int code, String out, String err) {}

  /** With the test passphrase from the environment. */
  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of("--passphrase-env", "WALLET_PASS"));
    all.addAll(List.of(args));
    return runWith(all.toArray(String[]::new));
  }

  private Run runWith(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = WalletCli.execute(environment, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private CliEnvironment environment(ConnectorFixture connector, Map<String, String> variables) {
    return new CliEnvironment(
        variables,
        null,
        home,
        fixture.clock(),
        connector == null ? null : connector.channel(),
        KdfParameters.insecureForTests());
  }

  private static void assertFails(Run run, int code, String message) {
    assertThat(run.code).as(run.out + run.err).isEqualTo(code);
    assertThat(run.err).startsWith("error: ").contains(message);
    assertThat(run.err.strip().lines()).as("one line on stderr").hasSize(1);
    assertThat(run.err + run.out).doesNotContain("\tat ", "Exception");
  }

  private static String line(String output, String prefix) {
    return output
        .lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .map(l -> l.substring(prefix.length()).strip())
        .orElseThrow();
  }
}
