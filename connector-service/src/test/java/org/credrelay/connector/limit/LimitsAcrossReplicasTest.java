package org.credrelay.connector.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.credrelay.connector.ConnectorApplication;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ErrorReasons;
import org.credrelay.connector.support.InMemoryKeyRegistryDouble;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GetQueueStatusRequest;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.testsupport.PostgresServer;
import org.credrelay.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two connector replicas (two started applications) on one database: the queue quota and the send
 * rate hold for sends spread over both, as they would not if either replica counted alone.
 */
class LimitsAcrossReplicasTest {

  private static final Clock CLOCK = Clock.systemUTC();

  private static ConfigurableApplicationContext replicaA;
  private static ConfigurableApplicationContext replicaB;
  private static ManagedChannel channelA;
  private static ManagedChannel channelB;

  @BeforeAll
  static void startReplicas() {
    InMemoryKeyRegistryDouble.shared();
    TestDatabase database = PostgresServer.get().createDatabase("limits_two_replicas");
    replicaA = start(database);
    replicaB = start(database);
    channelA = channelTo(replicaA);
    channelB = channelTo(replicaB);
  }

  @AfterAll
  static void stopReplicas() throws InterruptedException {
    for (ManagedChannel channel : List.of(channelA, channelB)) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    replicaA.close();
    replicaB.close();
  }

  private static ConfigurableApplicationContext start(TestDatabase database) {
    return new SpringApplicationBuilder(ConnectorApplication.class)
        .run(
            "--spring.datasource.url=" + database.jdbcUrl(),
            "--spring.datasource.username=" + database.username(),
            "--spring.datasource.password=" + database.password(),
            "--spring.grpc.server.port=0",
            "--server.port=0",
            "--connector.key-registry.channel=" + InMemoryKeyRegistryDouble.TARGET,
            "--connector.messages.limits.queue.max-messages=3",
            "--connector.messages.limits.sender-rate.burst=5",
            "--connector.messages.limits.sender-rate.refill-tokens=1",
            "--connector.messages.limits.sender-rate.refill-period=1h");
  }

  private static ManagedChannel channelTo(ConfigurableApplicationContext replica) {
    int port = Integer.parseInt(replica.getEnvironment().getProperty("local.grpc.server.port"));
    return ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  @Test
  void queueQuotaAndSenderRate_holdForSendsSpreadOverBothReplicas() {
    TestParty issuer = TestParty.participant("issuer", CLOCK);
    issuer
        .stub(channelA)
        .registerParticipant(
            RegisterParticipantRequest.newBuilder()
                .setDid(issuer.did())
                .setName("Limited Issuer")
                .setRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER)
                .build());
    TestParty holder = TestParty.holder(CLOCK);
    TestParty other = TestParty.holder(CLOCK);
    String toHolder = connect(issuer, holder);
    String toOther = connect(issuer, other);

    send(issuer, channelA, toHolder, holder);
    send(issuer, channelB, toHolder, holder);
    send(issuer, channelA, toHolder, holder);
    // Each replica has stored fewer than 3 itself; the queue in the database holds 3.
    assertRefused(() -> send(issuer, channelB, toHolder, holder), ErrorReason.QUEUE_FULL);
    assertThat(
            holder
                .stub(channelA)
                .getQueueStatus(GetQueueStatusRequest.getDefaultInstance())
                .getTotal()
                .getWaitingMessages())
        .isEqualTo(3);

    // 4 tokens of 5 are used (the refused send took one); the fifth goes through A.
    send(issuer, channelA, toOther, other);
    assertRefused(() -> send(issuer, channelB, toOther, other), ErrorReason.RATE_LIMITED);
    assertThat(
            other
                .stub(channelB)
                .getQueueStatus(GetQueueStatusRequest.getDefaultInstance())
                .getTotal()
                .getWaitingMessages())
        .isEqualTo(1);
  }

  private static String connect(TestParty issuer, TestParty holder) {
    String token =
        issuer
            .stub(channelA)
            .generateConnectionToken(GenerateConnectionTokenRequest.getDefaultInstance())
            .getTokens(0);
    return holder
        .stub(channelB)
        .addConnectionFromToken(
            AddConnectionFromTokenRequest.newBuilder()
                .setToken(token)
                .setHolderAuthenticationKey(
                    PublicKey.newBuilder().setJwk(holder.authentication().publicKey().toJson()))
                .setHolderCommunicationKey(
                    PublicKey.newBuilder().setJwk(holder.communication().publicKey().toJson()))
                .setKeyBindingProof(ByteString.copyFrom(holder.keyBindingProof(token)))
                .build())
        .getConnection()
        .getConnectionId();
  }

  private static void send(
      TestParty issuer, ManagedChannel channel, String connectionId, TestParty holder) {
    byte[] message =
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId(holder.communication().kid())
                    .setEncryptedContent(ByteString.copyFromUtf8("opaque")))
            .build()
            .toByteArray();
    issuer
        .stub(channel)
        .sendMessage(
            SendMessageRequest.newBuilder()
                .setConnectionId(connectionId)
                .setMessage(ByteString.copyFrom(message))
                .build());
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorReason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> ErrorReasons.assertReason((StatusRuntimeException) e, reason));
  }
}
