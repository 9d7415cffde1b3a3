package org.credrelay.connector.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.credrelay.connector.support.TwoReplicas.send;

import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.support.ErrorReasons;
import org.credrelay.connector.support.StreamRecorder;
import org.credrelay.connector.support.TestParty;
import org.credrelay.connector.support.TwoReplicas;
import org.credrelay.proto.connector.v1.GetMessageStreamRequest;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two connector replicas (two started applications on their own gRPC and HTTP ports) on one
 * database: a message sent through replica A reaches a stream open on replica B (PostgreSQL
 * LISTEN/NOTIFY), and shutting a replica down ends its streams cleanly with UNAVAILABLE.
 */
class TwoReplicasTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Clock CLOCK = Clock.systemUTC();

  private static TwoReplicas replicas;

  @BeforeAll
  static void startReplicas() {
    replicas = TwoReplicas.start("two_replicas", "--spring.grpc.server.shutdown.grace-period=10s");
  }

  @AfterAll
  static void stopReplicas() throws InterruptedException {
    replicas.close();
  }

  @Test
  void messageSentThroughReplicaA_reachesStreamsOnReplicaB_andReplicaShutdownEndsStreams()
      throws Exception {
    ManagedChannel channelA = replicas.channelA();
    ManagedChannel channelB = replicas.channelB();
    TestParty issuer = TestParty.participant("issuer", CLOCK);
    TestParty holder = TestParty.holder(CLOCK);
    replicas.registerIssuer(issuer, "Replica Issuer");
    String connectionId = replicas.connect(issuer, holder);
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
    assertThat(prometheus(replicas.replicaA()))
        .contains("connector_message_manager_stored_messages_total");

    replicas.replicaB().close();

    ErrorReasons.assertReason(onB.awaitFailure(WAIT), ErrorReason.STREAM_INTERRUPTED);
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
