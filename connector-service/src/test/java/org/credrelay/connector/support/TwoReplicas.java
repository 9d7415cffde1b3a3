package org.credrelay.connector.support;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.credrelay.connector.ConnectorApplication;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenRequest;
import org.credrelay.proto.connector.v1.GenerateConnectionTokenRequest;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.connector.v1.RegisterParticipantRequest;
import org.credrelay.proto.connector.v1.SendMessageRequest;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.testsupport.PostgresServer;
import org.credrelay.testsupport.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two connector replicas (two started applications, each on its own random gRPC and HTTP port) on
 * one fresh database, with a plaintext channel to each: for tests of what must hold across
 * replicas. Settings are passed as command-line arguments, which outrank application.yaml as a
 * deployment's environment would.
 */
public final class TwoReplicas implements AutoCloseable {

  private final ConfigurableApplicationContext replicaA;
  private final ConfigurableApplicationContext replicaB;
  private final ManagedChannel channelA;
  private final ManagedChannel channelB;

  private TwoReplicas(
      ConfigurableApplicationContext replicaA, ConfigurableApplicationContext replicaB) {
    this.replicaA = replicaA;
    this.replicaB = replicaB;
    this.channelA = channelTo(replicaA);
    this.channelB = channelTo(replicaB);
  }

  /**
   * Starts both replicas on a new database named {@code databaseName}, with {@code settings}
   * ({@code --key=value}) on top of the database, random ports and the key registry test double.
   */
  public static TwoReplicas start(String databaseName, String... settings) {
    InMemoryKeyRegistryDouble.shared();
    TestDatabase database = PostgresServer.get().createDatabase(databaseName);
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.grpc.server.port=0",
                "--server.port=0",
                "--connector.key-registry.channel=" + InMemoryKeyRegistryDouble.TARGET));
    arguments.addAll(List.of(settings));
    String[] args = arguments.toArray(String[]::new);
    ConfigurableApplicationContext a =
        new SpringApplicationBuilder(ConnectorApplication.class).run(args);
    try {
      return new TwoReplicas(a, new SpringApplicationBuilder(ConnectorApplication.class).run(args));
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
  }

  public ConfigurableApplicationContext replicaA() {
    return replicaA;
  }

  public ConfigurableApplicationContext replicaB() {
    return replicaB;
  }

  public ManagedChannel channelA() {
    return channelA;
  }

  public ManagedChannel channelB() {
    return channelB;
  }

  /** Registers {@code issuer} as an ISSUER participant, through replica A. */
  public void registerIssuer(TestParty issuer, String name) {
    issuer
        .stub(channelA)
        .registerParticipant(
            RegisterParticipantRequest.newBuilder()
                .setDid(issuer.did())
                .setName(name)
                .setRole(ParticipantRole.PARTICIPANT_ROLE_ISSUER)
                .build());
  }

  /**
   * Connects {@code holder} to {@code issuer}: the token comes from replica A, the holder accepts
   * it through replica B. Returns the connection id.
   */
  public String connect(TestParty issuer, TestParty holder) {
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

  /** Sends a small opaque EncryptedMessage to {@code holder} through {@code channel}; its id. */
  public static String send(
      TestParty sender, ManagedChannel channel, String connectionId, TestParty holder) {
    byte[] message =
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId(holder.communication().kid())
                    .setEncryptedContent(ByteString.copyFromUtf8("opaque")))
            .build()
            .toByteArray();
    return sender
        .stub(channel)
        .sendMessage(
            SendMessageRequest.newBuilder()
                .setConnectionId(connectionId)
                .setMessage(ByteString.copyFrom(message))
                .build())
        .getId();
  }

  /** Closes both channels and every replica still running. */
  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : List.of(channelA, channelB)) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (ConfigurableApplicationContext replica : List.of(replicaA, replicaB)) {
      if (replica.isActive()) {
        replica.close();
      }
    }
  }

  private static ManagedChannel channelTo(ConfigurableApplicationContext replica) {
    int port = Integer.parseInt(replica.getEnvironment().getProperty("local.grpc.server.port"));
    return ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }
}
