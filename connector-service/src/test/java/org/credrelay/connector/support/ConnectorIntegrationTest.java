package org.credrelay.connector.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.credrelay.connector.ConnectorApplication;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenResponse;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.testsupport.MutableClock;
import org.credrelay.testsupport.PostgresContextInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the contract tests: one shared Spring context (one real PostgreSQL database) with the
 * connector on a random real gRPC port, the key registry test double, and a controllable clock.
 * Tests create their own parties (unique DIDs and keys), so they do not see each other's rows.
 */
@SpringBootTest(
    classes = ConnectorApplication.class,
    properties = {
      "spring.grpc.server.port=0",
      // A named channel cannot point in-process in Spring gRPC 1.1: give the target directly.
      "connector.key-registry.channel=" + InMemoryKeyRegistryDouble.TARGET,
      "connector.stream.keepalive-interval=300ms",
      "connector.messages.max-message-size=64KB",
      "connector.messages.max-batch-size=256KB",
      // Small enough that a few maximum-size messages fill a page (MessagePageBytesTest).
      "connector.messages.max-page-bytes=256KB",
      "connector.auth.nonce-purge-interval=1h",
      // Tests run retention jobs themselves, at the time they set.
      "connector.messages.retention.cleanup-interval=1h",
      // Rate limits and the stream cap have their own context (SmallLimitsIntegrationTest); here
      // they must not throttle tests that send hundreds of messages or open a dozen streams.
      "connector.messages.limits.streams-per-participant=100",
      "connector.messages.limits.sender-rate.burst=1000000",
      "connector.messages.limits.sender-rate.refill-tokens=1000000",
      "connector.messages.limits.holder-connection-rate.burst=1000000",
      "connector.messages.limits.holder-connection-rate.refill-tokens=1000000",
      // Push wake-up to the test relay below: fast dispatch, long coalescing, a retry only when a
      // test moves the clock; small limits so that PushWakeUpTest reaches them.
      "connector.messages.push.dispatch-interval=100ms",
      "connector.messages.push.wake-up-interval=10m",
      "connector.messages.push.initial-backoff=30s",
      "connector.messages.push.max-targets-per-participant=3",
      "connector.messages.push.max-token-bytes=256",
    })
@ContextConfiguration(initializers = PostgresContextInitializer.class)
@Import(ConnectorIntegrationTest.TestClock.class)
public abstract class ConnectorIntegrationTest {

  protected static final InMemoryKeyRegistryDouble registry = InMemoryKeyRegistryDouble.shared();

  /** Standard Webhooks secret of the push relay of the shared context. */
  protected static final String PUSH_RELAY_SECRET =
      "whsec_"
          + Base64.getEncoder()
              .encodeToString(
                  "0123456789abcdef0123456789abcdef"
                      .getBytes(java.nio.charset.StandardCharsets.US_ASCII));

  /**
   * The HTTP push relay every wake-up of the shared context goes to (a real local HTTP server,
   * alive as long as the test JVM; tests tell their wake-ups apart by device token).
   */
  protected static final PushRelayReceiver pushRelay = PushRelayReceiver.shared();

  @DynamicPropertySource
  static void pushRelay(DynamicPropertyRegistry properties) {
    properties.add("connector.messages.push.relay.url", pushRelay::url);
    properties.add("connector.messages.push.relay.secret", () -> PUSH_RELAY_SECRET);
  }

  @Autowired protected MutableClock clock;

  @Value("${local.grpc.server.port}")
  private int port;

  protected ManagedChannel channel;

  @TestConfiguration(proxyBeanMethods = false)
  static class TestClock {
    @Bean
    @Primary
    MutableClock mutableClock() {
      return new MutableClock();
    }
  }

  @BeforeEach
  void openChannel() {
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  @AfterEach
  void closeChannel() throws InterruptedException {
    clock.reset();
    registry.setUnavailable(false);
    registry.setMaxAgeSeconds(0);
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A participant registered in the registry double and at the connector. */
  protected TestParty registeredIssuer() {
    TestParty issuer = TestParty.participant("issuer", clock);
    issuer
        .stub(channel)
        .registerParticipant(
            RegisterParticipantRequest.newBuilder()
                .setDid(issuer.did())
                .setName("Issuer " + issuer.did().substring(12, 24))
                .setRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER)
                .build());
    return issuer;
  }

  protected String newToken(TestParty participant) {
    GenerateConnectionTokenResponse response =
        participant
            .stub(channel)
            .generateConnectionToken(
                GenerateConnectionTokenRequest.newBuilder().setCount(1).build());
    return response.getTokens(0);
  }

  protected AddConnectionFromTokenRequest acceptRequest(TestParty holder, String token) {
    return AddConnectionFromTokenRequest.newBuilder()
        .setToken(token)
        .setHolderAuthenticationKey(
            PublicKey.newBuilder().setJwk(holder.authentication().publicKey().toJson()))
        .setHolderCommunicationKey(
            PublicKey.newBuilder().setJwk(holder.communication().publicKey().toJson()))
        .setKeyBindingProof(ByteString.copyFrom(holder.keyBindingProof(token)))
        .build();
  }

  /** Issuer generates a token, holder accepts it: a CONNECTED connection. */
  protected ConnectionInfo connect(TestParty issuer, TestParty holder) {
    String token = newToken(issuer);
    return holder
        .stub(channel)
        .addConnectionFromToken(acceptRequest(holder, token))
        .getConnection();
  }

  /** An EncryptedMessage to {@code recipient}'s communication key with unique ciphertext. */
  protected static byte[] encryptedTo(TestParty recipient) {
    return AtalaMessage.newBuilder()
        .setEncryptedMessage(
            EncryptedMessage.newBuilder()
                .setKeyId(recipient.communication().kid())
                .setEncryptedContent(
                    ByteString.copyFromUtf8("{\"ciphertext\":\"" + UUID.randomUUID() + "\"}")))
        .build()
        .toByteArray();
  }

  protected static SendMessageRequest sendRequest(String connectionId, byte[] message) {
    return SendMessageRequest.newBuilder()
        .setConnectionId(connectionId)
        .setMessage(ByteString.copyFrom(message))
        .build();
  }

  /**
   * Asserts a status that the gRPC transport itself sends (no ErrorInfo): the only one is
   * RESOURCE_EXHAUSTED for a request above the server's inbound message limit.
   */
  protected static void assertTransportStatus(ThrowingCallable call, Status.Code code) {
    assertThatThrownBy(call)
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e ->
                org.assertj.core.api.Assertions.assertThat(
                        ((StatusRuntimeException) e).getStatus().getCode())
                    .isEqualTo(code));
  }

  /**
   * Asserts that {@code call} fails with {@code reason}: its status code and the {@code
   * google.rpc.ErrorInfo} reason and domain (tests assert reasons, never message text).
   */
  protected static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable call, ErrorReason reason) {
    return assertThatThrownBy(call)
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> ErrorReasons.assertReason((StatusRuntimeException) e, reason));
  }
}
