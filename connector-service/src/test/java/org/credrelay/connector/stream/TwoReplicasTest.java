package org.credrelay.connector.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.credrelay.connector.ConnectorApplication;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ErrorReasons;
import org.credrelay.connector.support.InMemoryKeyRegistryDouble;
import org.credrelay.connector.support.StreamRecorder;
import org.credrelay.connector.support.TestParty;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.ReceivedMessage;
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
 * Two connector replicas (two started applications on their own gRPC and HTTP ports) on one
 * database: a message sent through replica A reaches a stream open on replica B (PostgreSQL
 * LISTEN/NOTIFY), and shutting a replica down ends its streams cleanly with UNAVAILABLE.
 */
class TwoReplicasTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Clock CLOCK = Clock.systemUTC();

  private static ConfigurableApplicationContext replicaA;
  private static ConfigurableApplicationContext replicaB;
  private static ManagedChannel channelA;
  private static ManagedChannel channelB;

  @BeforeAll
  static void startReplicas() {
    InMemoryKeyRegistryDouble.shared();
    TestDatabase database = PostgresServer.get().createDatabase("two_replicas");
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
    if (replicaB.isActive()) {
      replicaB.close();
    }
  }

  private static ConfigurableApplicationContext start(TestDatabase database) {
    // Command-line arguments outrank application.yaml, as a deployment's environment would.
    return new SpringApplicationBuilder(ConnectorApplication.class)
        .run(
            "--spring.datasource.url=" + database.jdbcUrl(),
            "--spring.datasource.username=" + database.username(),
            "--spring.datasource.password=" + database.password(),
            "--spring.grpc.server.port=0",
            "--server.port=0",
            "--connector.key-registry.channel=" + InMemoryKeyRegistryDouble.TARGET,
            "--spring.grpc.server.shutdown.grace-period=10s");
  }

  private static ManagedChannel channelTo(ConfigurableApplicationContext replica) {
    int port = Integer.parseInt(replica.getEnvironment().getProperty("local.grpc.server.port"));
    return ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  @Test
  void messageSentThroughReplicaA_reachesStreamsOnReplicaB_andReplicaShutdownEndsStreams()
      throws Exception {
    TestParty issuer = TestParty.participant("issuer", CLOCK);
    TestParty holder = TestParty.holder(CLOCK);
    issuer
        .stub(channelA)
        .registerParticipant(
            RegisterParticipantRequest.newBuilder()
                .setDid(issuer.did())
                .setName("Replica Issuer")
                .setRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER)
                .build());
    String token =
        issuer
            .stub(channelA)
            .generateConnectionToken(GenerateConnectionTokenRequest.getDefaultInstance())
            .getTokens(0);
    String connectionId =
        holder
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
    StreamRecorder onB = new StreamRecorder();
    StreamRecorder onA = new StreamRecorder();
    holder.asyncStub(channelB).getMessageStream(GetMessageStreamRequest.getDefaultInstance(), onB);
    holder.asyncStub(channelA).getMessageStream(GetMessageStreamRequest.getDefaultInstance(), onA);

    String first = send(issuer, channelA, connectionId, holder);
    assertThat(onB.awaitMessages(1, WAIT))
        .extracting(ReceivedMessage::getId)
        .containsExactly(first);
    String second = send(issuer, channelB, connectionId, holder);
    assertThat(onA.awaitMessages(2, WAIT))
        .extracting(ReceivedMessage::getId)
        .containsExactly(first, second);
    assertThat(onB.awaitMessages(2, WAIT))
        .extracting(ReceivedMessage::getId)
        .containsExactly(first, second);
    assertThat(prometheus(replicaA)).contains("connector_message_manager_stored_messages_total");

    replicaB.close();

    ErrorReasons.assertReason(onB.awaitFailure(WAIT), ErrorReason.STREAM_INTERRUPTED);
  }

  private static String send(
      TestParty issuer, ManagedChannel channel, String connectionId, TestParty holder) {
    byte[] message =
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId(holder.communication().kid())
                    .setEncryptedContent(ByteString.copyFromUtf8("opaque")))
            .build()
            .toByteArray();
    return issuer
        .stub(channel)
        .sendMessage(
            SendMessageRequest.newBuilder()
                .setConnectionId(connectionId)
                .setMessage(ByteString.copyFrom(message))
                .build())
        .getId();
  }

  private static String prometheus(ConfigurableApplicationContext replica) throws Exception {
    String port = replica.getEnvironment().getProperty("local.server.port");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
